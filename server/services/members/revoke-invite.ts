import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { invites } from "@/db/schema";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

export async function revokeInvite(ctx: WorkspaceCtx, input: { inviteId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [invite] = await tx
      .update(invites)
      .set({ revokedAt: new Date() })
      .where(and(eq(invites.id, input.inviteId), eq(invites.workspaceId, ctx.workspace.id), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
      .returning({ id: invites.id, role: invites.role, email: invites.email });
    if (!invite) throw notFound("Invite");
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "invite.revoke",
      targetType: "invite",
      targetId: invite.id,
      before: { role: invite.role, email: invite.email },
    });
  });
}
