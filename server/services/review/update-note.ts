import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { conversationNotes } from "@/db/schema";
import type { updateNoteInput } from "@/lib/schemas/review";
import { forbidden, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { canChangeAnnotation } from "./can-change";

export async function updateNote(ctx: WorkspaceCtx, input: z.output<typeof updateNoteInput>) {
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(conversationNotes)
      .where(and(eq(conversationNotes.id, input.noteId), eq(conversationNotes.workspaceId, ctx.workspace.id)))
      .for("update");
    if (!before) throw notFound("Note");
    if (!canChangeAnnotation(ctx, before.authorId)) throw forbidden(`Only ${before.authorName} or an admin can edit this note`);
    const [note] = await tx
      .update(conversationNotes)
      .set({ text: input.text, updatedAt: new Date() })
      .where(and(eq(conversationNotes.id, before.id), eq(conversationNotes.workspaceId, ctx.workspace.id)))
      .returning({ id: conversationNotes.id, messageId: conversationNotes.messageId, text: conversationNotes.text, updatedAt: conversationNotes.updatedAt });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "conversation.edit_note",
      targetType: "conversation",
      targetId: before.conversationId,
      before: { noteId: before.id, text: before.text },
      after: { noteId: before.id, text: note!.text },
    });
    return note!;
  });
}
