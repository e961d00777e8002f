import "server-only";
import type { OnText } from "@/server/agent/pipeline/respond";
import { runTurn } from "@/server/agent/run-turn";
import { conflict } from "@/server/errors";
import { loadRelease } from "@/server/services/releases/load-release";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { enqueueConversationWebhook } from "@/server/services/webhooks/enqueue-conversation-webhook";
import { enqueueEscalationWebhook } from "@/server/services/webhooks/enqueue-escalation";
import type { ApiCtx } from "./context";
import { ApiError } from "./errors";
import { conversationMessages, findConversationToSend } from "./messages";
import { MAX_MESSAGE_CHARS } from "./schemas";

export interface SendInput {
  conversationId: string;
  text: string;
  idempotencyKey?: string;
}

/** Checks that a message can be sent, before any response (or stream) starts. */
export async function prepareSend(ctx: ApiCtx, input: SendInput) {
  if (input.text.length > MAX_MESSAGE_CHARS) throw new ApiError("message_too_long", `Messages are limited to ${MAX_MESSAGE_CHARS} characters (this one has ${input.text.length})`);
  if (!input.text.trim()) throw new ApiError("invalid_request", "text: the message is empty");
  const conversation = await findConversationToSend(ctx, input.conversationId);
  if (conversation.ended) throw conflict("This conversation has ended: start a new one");
  return conversation;
}

/**
 * One customer message through the runtime, on the conversation's own release (never the draft). A
 * retried request with the same idempotency key returns the stored reply. An escalation queues the
 * brand's webhook.
 */
export async function sendApiMessage(ctx: ApiCtx, input: SendInput, opts: { onText?: OnText; prepared?: Awaited<ReturnType<typeof prepareSend>> } = {}) {
  const conversation = opts.prepared ?? (await prepareSend(ctx, input));
  const { config, number } = await loadRelease(ctx.db, { workspaceId: ctx.workspaceId, releaseId: conversation.releaseId });
  const turnCtx = await buildTurnContext(ctx.db, { workspaceId: ctx.workspaceId, appUrl: ctx.appUrl, config, settings: conversation.workspaceSettings });
  const result = await runTurn(
    turnCtx,
    { conversationId: conversation.id, text: input.text, idempotencyKey: input.idempotencyKey },
    { onText: opts.onText },
  );
  if (result.escalated && !result.replayed) await enqueueEscalationWebhook(ctx.db, { workspaceId: ctx.workspaceId, conversationId: conversation.id });
  // Every handoff (a conversation handed back to the AI may be handed off again), not only the first.
  if (result.handoff && !result.replayed) await enqueueConversationWebhook(ctx.db, { workspaceId: ctx.workspaceId, conversationId: conversation.id, event: "conversation.handoff", data: { summary: result.handoff } });
  // This turn's reply as stored; a replay reads it back.
  const messages = result.replayed ? await conversationMessages(ctx, conversation.id, result.turn) : result.messages.filter((m) => m.role !== "customer");
  return {
    conversationId: conversation.id,
    release: number,
    turn: result.turn,
    status: result.status,
    replayed: result.replayed,
    reply: result.reply,
    messages,
    citations: messages.flatMap((m) => m.citations),
  };
}
