import "server-only";
import type { WorkspaceCtx } from "@/server/services/context";
import { enqueueConversationWebhook } from "@/server/services/webhooks/enqueue-conversation-webhook";
import { changeOwner, handledFor, mustHoldOrManage } from "./change-owner";

/** A person ends the handoff with an outcome; a new message from the customer goes to the AI again. */
export async function resolveConversation(ctx: WorkspaceCtx, input: { conversationId: string; outcome?: "resolved" | "unresolved" }) {
  const outcome = input.outcome ?? "resolved";
  return changeOwner(ctx, {
    conversationId: input.conversationId,
    action: "conversation.resolve",
    from: ["waiting_for_human", "human"],
    to: "resolved",
    check: (c) => mustHoldOrManage(ctx, c),
    set: (c, now) => ({ ...handledFor(c, now), waitingSince: null, handoffOutcome: outcome }),
    event: { type: "conversation.resolved", payload: { outcome } },
    after: (tx, c) =>
      enqueueConversationWebhook(tx, {
        workspaceId: c.workspaceId,
        conversationId: c.id,
        event: "conversation.resolved",
        data: { outcome, resolvedBy: ctx.userId, humanHandleMs: c.humanHandleMs, handedOffAt: c.handedOffAt?.toISOString() ?? null },
      }),
  });
}
