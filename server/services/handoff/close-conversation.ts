import "server-only";
import type { WorkspaceCtx } from "@/server/services/context";
import { changeOwner, handledFor, mustHoldOrManage } from "./change-owner";

/** Ends the conversation for good: the customer can no longer write to it (the hosted API refuses ended ones). */
export async function closeConversation(ctx: WorkspaceCtx, input: { conversationId: string }) {
  return changeOwner(ctx, {
    conversationId: input.conversationId,
    action: "conversation.close",
    from: ["ai", "waiting_for_human", "human", "resolved"],
    to: "closed",
    check: (c) => mustHoldOrManage(ctx, c),
    set: (c, now) => ({ ...handledFor(c, now), waitingSince: null, endedAt: c.endedAt ?? now, handoffOutcome: c.handoffOutcome ?? (c.handedOffAt ? "closed" : null) }),
    event: { type: "conversation.closed" },
  });
}
