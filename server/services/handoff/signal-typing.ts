import "server-only";
import { and, desc, eq, gt } from "drizzle-orm";
import { conversationEvents, conversations, users } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";
import { recordConversationEvent } from "./record-event";

/** A person types at most one event per this long; the widget shows "… is typing" for 6 s after each. */
export const TYPING_EVERY_MS = 3_000;
/** Older typing events are not news: a stream replaying history skips them (hosted-api/stream-events.ts). */
export const TYPING_FRESH_MS = 10_000;

/**
 * Tells the customer the person holding the conversation is typing: a `typing` event on the conversation's
 * stream, so it reaches the customer on any app instance. Only the holder's typing counts, and at most one
 * event per TYPING_EVERY_MS is written however often the composer calls. Returns whether one was written.
 */
export async function signalTyping(ctx: WorkspaceCtx, input: { conversationId: string }): Promise<{ sent: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .select({ owner: conversations.owner, assigneeId: conversations.assigneeId, name: users.name })
      .from(conversations)
      .innerJoin(users, eq(users.id, ctx.userId))
      .where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id)));
    // Not the holder (or not this workspace's conversation): nothing to show, and nothing to say about it.
    if (!c || c.owner !== "human" || c.assigneeId !== ctx.userId) return { sent: false };
    const [recent] = await tx
      .select({ id: conversationEvents.id })
      .from(conversationEvents)
      .where(and(eq(conversationEvents.conversationId, input.conversationId), eq(conversationEvents.type, "typing"), gt(conversationEvents.createdAt, new Date(Date.now() - TYPING_EVERY_MS))))
      .orderBy(desc(conversationEvents.id))
      .limit(1);
    if (recent) return { sent: false };
    await recordConversationEvent(tx, { workspaceId: ctx.workspace.id, conversationId: input.conversationId, type: "typing", payload: { name: c.name } });
    return { sent: true };
  });
}
