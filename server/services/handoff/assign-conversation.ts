import "server-only";
import type { WorkspaceCtx } from "@/server/services/context";
import { changeOwner, mustHoldOrManage } from "./change-owner";
import { findInboxMember } from "./find-inbox-member";

/** Gives a waiting or held conversation to a member who works the inbox (themselves or a colleague). */
export async function assignConversation(ctx: WorkspaceCtx, input: { conversationId: string; userId: string }) {
  const assignee = await findInboxMember(ctx, input.userId);
  return changeOwner(ctx, {
    conversationId: input.conversationId,
    action: "conversation.assign",
    from: ["waiting_for_human", "human"],
    to: "human",
    // A held conversation moves on only from its holder or an admin; a waiting one from anyone on the team.
    check: (c) => mustHoldOrManage(ctx, c),
    // The handle time runs on across a reassignment: the team still holds it.
    set: (c, now) => ({ assigneeId: assignee.id, claimedAt: c.owner === "human" ? (c.claimedAt ?? now) : now, waitingSince: null }),
    event: { type: "conversation.assigned", payload: { assignee } },
  });
}
