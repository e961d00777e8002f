import "server-only";
import { and, eq } from "drizzle-orm";
import { conversationNotes } from "@/db/schema";
import { forbidden, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { canChangeAnnotation } from "./can-change";

export async function deleteNote(ctx: WorkspaceCtx, input: { noteId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [note] = await tx
      .select()
      .from(conversationNotes)
      .where(and(eq(conversationNotes.id, input.noteId), eq(conversationNotes.workspaceId, ctx.workspace.id)))
      .for("update");
    if (!note) throw notFound("Note");
    if (!canChangeAnnotation(ctx, note.authorId)) throw forbidden(`Only ${note.authorName} or an admin can delete this note`);
    await tx.delete(conversationNotes).where(and(eq(conversationNotes.id, note.id), eq(conversationNotes.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "conversation.delete_note",
      targetType: "conversation",
      targetId: note.conversationId,
      before: { noteId: note.id, messageId: note.messageId, authorName: note.authorName, text: note.text },
    });
    return { id: note.id };
  });
}
