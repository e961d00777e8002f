import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { conversations, messages, tags, users } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

/**
 * The conversation an annotation is for, in the caller's workspace, and the message when one is named:
 * it must be a message of that conversation. Anything else is NOT_FOUND, never a foreign-key failure.
 */
export async function findTarget(tx: Db | Tx, ctx: WorkspaceCtx, input: { conversationId: string; messageId?: string | null }) {
  const [conversation] = await tx
    .select({ id: conversations.id, agentId: conversations.agentId })
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id)));
  if (!conversation) throw notFound("Conversation");
  if (!input.messageId) return { conversation, message: null };
  const [message] = await tx
    .select({ id: messages.id, role: messages.role, turn: messages.turn })
    .from(messages)
    .where(and(eq(messages.id, input.messageId), eq(messages.conversationId, conversation.id), eq(messages.workspaceId, ctx.workspace.id)));
  if (!message) throw notFound("Message in this conversation");
  return { conversation, message };
}

/** A tag of the caller's workspace; another workspace's (or a deleted) tag is NOT_FOUND. */
export async function findTag(tx: Db | Tx, ctx: WorkspaceCtx, tagId: string) {
  const [tag] = await tx.select().from(tags).where(and(eq(tags.id, tagId), eq(tags.workspaceId, ctx.workspace.id)));
  if (!tag) throw notFound("Tag");
  return tag;
}

/** The name an annotation shows for its author, kept on the row as written. */
export async function authorName(tx: Db | Tx, userId: string): Promise<string> {
  const [author] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return author?.name ?? "Someone";
}
