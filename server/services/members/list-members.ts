import "server-only";
import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import { invites, memberships, users } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";

export async function listMembers(ctx: WorkspaceCtx) {
  return ctx.db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, ctx.workspace.id))
    .orderBy(asc(users.name));
}

/** Open invites: not accepted, not revoked, not expired. */
export async function listInvites(ctx: WorkspaceCtx) {
  return ctx.db
    .select({ id: invites.id, role: invites.role, email: invites.email, expiresAt: invites.expiresAt, createdAt: invites.createdAt })
    .from(invites)
    .where(
      and(
        eq(invites.workspaceId, ctx.workspace.id),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(invites.createdAt));
}
