import "server-only";
import type { WorkspaceCtx } from "@/server/services/context";
import { changeOwner } from "./change-owner";
import { findInboxMember } from "./find-inbox-member";

/**
 * Takes a waiting conversation for the caller. Of concurrent claims exactly one wins (the row lock and the
 * conditional update in changeOwner); the others are told who has it. Claiming one you hold is a no-op.
 */
export async function claimConversation(ctx: WorkspaceCtx, input: { conversationId: string }) {
  const me = await findInboxMember(ctx, ctx.userId);
  return ctx.db.transaction(async (tx) => {
    const held = await tx.query.conversations.findFirst({ where: (c, { and, eq }) => and(eq(c.id, input.conversationId), eq(c.workspaceId, ctx.workspace.id), eq(c.owner, "human"), eq(c.assigneeId, me.id)) });
    if (held) return held;
    return changeOwner(
      ctx,
      {
        conversationId: input.conversationId,
        action: "conversation.claim",
        from: ["waiting_for_human"],
        to: "human",
        set: (_c, now) => ({ assigneeId: me.id, claimedAt: now, waitingSince: null }),
        event: { type: "conversation.claimed", payload: { assignee: me } },
      },
      tx,
    );
  });
}
