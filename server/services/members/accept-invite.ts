import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { invites, memberships, users, workspaces } from "@/db/schema";
import { DomainError, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { UserCtx } from "@/server/services/context";
import { hashInviteToken } from "./invite-token";

/** What the invite page shows before accepting. */
export async function describeInvite(ctx: UserCtx, token: string) {
  const [row] = await ctx.db
    .select({ workspaceName: workspaces.name, workspaceSlug: workspaces.slug, role: invites.role, expiresAt: invites.expiresAt, acceptedAt: invites.acceptedAt, revokedAt: invites.revokedAt })
    .from(invites)
    .innerJoin(workspaces, eq(workspaces.id, invites.workspaceId))
    .where(eq(invites.tokenHash, hashInviteToken(token)));
  if (!row || row.revokedAt || row.acceptedAt || row.expiresAt < new Date()) throw notFound("Invite (it may have expired, been used or been revoked)");
  return { workspaceName: row.workspaceName, workspaceSlug: row.workspaceSlug, role: row.role };
}

export async function acceptInvite(ctx: UserCtx, token: string) {
  return ctx.db.transaction(async (tx) => {
    const invite = await tx.query.invites.findFirst({
      where: and(eq(invites.tokenHash, hashInviteToken(token)), isNull(invites.acceptedAt), isNull(invites.revokedAt)),
    });
    if (!invite || invite.expiresAt < new Date()) throw notFound("Invite (it may have expired, been used or been revoked)");
    if (invite.email) {
      const user = await tx.query.users.findFirst({ where: eq(users.id, ctx.userId), columns: { email: true } });
      if (user?.email !== invite.email) {
        throw new DomainError("forbidden", `This invite is for ${invite.email}: sign in with that account to accept it`);
      }
    }
    const workspace = await tx.query.workspaces.findFirst({ where: eq(workspaces.id, invite.workspaceId) });
    const existing = await tx.query.memberships.findFirst({
      where: and(eq(memberships.workspaceId, invite.workspaceId), eq(memberships.userId, ctx.userId)),
    });
    await tx.update(invites).set({ acceptedAt: new Date(), acceptedBy: ctx.userId }).where(eq(invites.id, invite.id));
    if (!existing) {
      await tx.insert(memberships).values({ workspaceId: invite.workspaceId, userId: ctx.userId, role: invite.role });
      await recordAudit(tx, {
        workspaceId: invite.workspaceId,
        actorId: ctx.userId,
        action: "member.join",
        targetType: "member",
        targetId: ctx.userId,
        after: { role: invite.role, inviteId: invite.id },
      });
    }
    return { slug: workspace!.slug, role: existing?.role ?? invite.role };
  });
}
