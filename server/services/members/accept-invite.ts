import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import { invites, memberships, users, workspaces } from "@/db/schema";
import { DomainError, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { UserCtx } from "@/server/services/context";
import { hashInviteToken } from "./invite-token";

const unavailable = () => notFound("Invite (it may have expired, been used or been revoked)");

/** What the invite page shows before accepting. */
export async function describeInvite(ctx: UserCtx, token: string) {
  const [row] = await ctx.db
    .select({ workspaceName: workspaces.name, workspaceSlug: workspaces.slug, role: invites.role, expiresAt: invites.expiresAt, acceptedAt: invites.acceptedAt, revokedAt: invites.revokedAt })
    .from(invites)
    .innerJoin(workspaces, eq(workspaces.id, invites.workspaceId))
    .where(eq(invites.tokenHash, hashInviteToken(token)));
  if (!row || row.revokedAt || row.acceptedAt || row.expiresAt < new Date()) throw unavailable();
  return { workspaceName: row.workspaceName, workspaceSlug: row.workspaceSlug, role: row.role };
}

/**
 * Claims the invite with one conditional UPDATE: of concurrent accepts, Postgres lets exactly one
 * change the row (the others re-check `accepted_at IS NULL` after it commits and match nothing).
 * A refusal below rolls the claim back, so the invite stays open for the right person.
 */
export async function acceptInvite(ctx: UserCtx, token: string) {
  return ctx.db.transaction(async (tx) => {
    const [invite] = await tx
      .update(invites)
      .set({ acceptedAt: new Date(), acceptedBy: ctx.userId })
      .where(and(eq(invites.tokenHash, hashInviteToken(token)), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())))
      .returning();
    if (!invite) throw unavailable();
    if (invite.email) {
      const user = await tx.query.users.findFirst({ where: eq(users.id, ctx.userId), columns: { email: true } });
      if (user?.email !== invite.email) {
        throw new DomainError("forbidden", `This invite is for ${invite.email}: sign in with that account to accept it`);
      }
    }
    const workspace = await tx.query.workspaces.findFirst({ where: eq(workspaces.id, invite.workspaceId) });
    const [joined] = await tx
      .insert(memberships)
      .values({ workspaceId: invite.workspaceId, userId: ctx.userId, role: invite.role })
      .onConflictDoNothing()
      .returning({ role: memberships.role });
    if (joined) {
      await recordAudit(tx, {
        workspaceId: invite.workspaceId,
        actorId: ctx.userId,
        action: "member.join",
        targetType: "member",
        targetId: ctx.userId,
        after: { role: invite.role, inviteId: invite.id },
      });
      return { slug: workspace!.slug, role: joined.role };
    }
    // Already a member: the invite is used up, the existing role stays.
    const existing = await tx.query.memberships.findFirst({
      where: and(eq(memberships.workspaceId, invite.workspaceId), eq(memberships.userId, ctx.userId)),
      columns: { role: true },
    });
    return { slug: workspace!.slug, role: existing!.role };
  });
}

