import "server-only";
import type { z } from "zod";
import { conversationNotes } from "@/db/schema";
import type { createNoteInput } from "@/lib/schemas/review";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { authorName, findTarget } from "./find-target";

/** A reviewer's note (Markdown) on a conversation or one of its messages; for the team, never the customer. */
export async function createNote(ctx: WorkspaceCtx, input: z.output<typeof createNoteInput>) {
  return ctx.db.transaction(async (tx) => {
    const { conversation, message } = await findTarget(tx, ctx, input);
    const [note] = await tx
      .insert(conversationNotes)
      .values({ workspaceId: ctx.workspace.id, conversationId: conversation.id, messageId: message?.id ?? null, authorId: ctx.userId, authorName: await authorName(tx, ctx.userId), text: input.text })
      .returning({
        id: conversationNotes.id,
        conversationId: conversationNotes.conversationId,
        messageId: conversationNotes.messageId,
        authorId: conversationNotes.authorId,
        authorName: conversationNotes.authorName,
        text: conversationNotes.text,
        createdAt: conversationNotes.createdAt,
        updatedAt: conversationNotes.updatedAt,
      });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "conversation.note",
      targetType: "conversation",
      targetId: conversation.id,
      after: { noteId: note!.id, messageId: note!.messageId, text: note!.text },
    });
    return note!;
  });
}
