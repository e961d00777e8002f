import "server-only";
import { and, eq } from "drizzle-orm";
import { conversations, messages, users } from "@/db/schema";
import { conflict, forbidden, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { lockConversation } from "./lock-conversation";
import { enqueueConversationWebhook } from "@/server/services/webhooks/enqueue-conversation-webhook";
import { recordConversationEvent } from "./record-event";

/**
 * A human agent's message to the customer: stored with role `human` and the author's name, and delivered
 * through the conversation's event stream. Only the person who holds the conversation may reply.
 */
export async function replyAsHuman(ctx: WorkspaceCtx, input: { conversationId: string; text: string }) {
  return ctx.db.transaction(async (tx) => {
    const scope = and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id));
    await lockConversation(tx, input.conversationId);
    const [c] = await tx.select().from(conversations).where(scope).for("update");
    if (!c) throw notFound("Conversation");
    if (c.owner === "closed") throw conflict("This conversation is closed: the customer can no longer receive messages in it");
    if (c.owner === "resolved") throw conflict("This conversation is resolved: the customer's next message reopens it");
    if (c.owner === "ai") throw conflict("The AI is handling this conversation: it has not been handed to a person");
    if (c.owner === "waiting_for_human") throw conflict("Claim the conversation before replying: nobody holds it yet");
    if (c.assigneeId !== ctx.userId) throw forbidden("Someone else holds this conversation: only they can reply");

    const [author] = await tx.select({ name: users.name }).from(users).where(eq(users.id, ctx.userId));
    const now = new Date();
    const [message] = await tx
      .insert(messages)
      .values({ workspaceId: c.workspaceId, conversationId: c.id, turn: c.turns, role: "human", text: input.text, authorId: ctx.userId, authorName: author!.name, createdAt: now })
      .returning();
    await tx
      .update(conversations)
      .set({ lastMessageAt: now, updatedAt: now, firstHumanReplyAt: c.firstHumanReplyAt ?? now })
      .where(scope);
    await recordAudit(tx, { workspaceId: c.workspaceId, actorId: ctx.userId, action: "conversation.reply", targetType: "conversation", targetId: c.id, after: { messageId: message!.id } });
    await recordConversationEvent(tx, { workspaceId: c.workspaceId, conversationId: c.id, type: "message.created", payload: { message: messagePayload(message!) } });
    // The brand's own channel (e.g. its app over the API) learns of the person's message without polling.
    await enqueueConversationWebhook(tx, { workspaceId: c.workspaceId, conversationId: c.id, event: "message.created", data: { message: messagePayload(message!) } });
    return message!;
  });
}

/** A message as events carry it (the same shape for AI, human and customer messages). */
export function messagePayload(m: { id: string; role: string; text: string; turn: number; authorName?: string | null; createdAt: Date | string }) {
  return { id: m.id, role: m.role, text: m.text, turn: m.turn, authorName: m.authorName ?? null, createdAt: new Date(m.createdAt).toISOString() };
}
