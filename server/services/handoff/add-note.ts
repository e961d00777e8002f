import "server-only";
import { and, eq } from "drizzle-orm";
import { conversationNotes, conversations, users } from "@/db/schema";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { recordConversationEvent } from "./record-event";

/** An internal note on a conversation: for the team, never sent to the customer (its event is internal). */
export async function addNote(ctx: WorkspaceCtx, input: { conversationId: string; text: string }) {
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id)));
    if (!c) throw notFound("Conversation");
    const [author] = await tx.select({ name: users.name }).from(users).where(eq(users.id, ctx.userId));
    const [note] = await tx
      .insert(conversationNotes)
      .values({ workspaceId: ctx.workspace.id, conversationId: c.id, authorId: ctx.userId, authorName: author!.name, text: input.text })
      .returning();
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "conversation.note", targetType: "conversation", targetId: c.id, after: { noteId: note!.id } });
    await recordConversationEvent(tx, {
      workspaceId: ctx.workspace.id,
      conversationId: c.id,
      type: "note.created",
      internal: true,
      payload: { note: { id: note!.id, text: note!.text, authorName: note!.authorName, createdAt: note!.createdAt.toISOString() } },
    });
    return note!;
  });
}
