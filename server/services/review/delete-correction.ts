import "server-only";
import { and, eq } from "drizzle-orm";
import { messageCorrections } from "@/db/schema";
import { forbidden, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { canChangeAnnotation } from "./can-change";

export async function deleteCorrection(ctx: WorkspaceCtx, input: { correctionId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [correction] = await tx
      .select()
      .from(messageCorrections)
      .where(and(eq(messageCorrections.id, input.correctionId), eq(messageCorrections.workspaceId, ctx.workspace.id)))
      .for("update");
    if (!correction) throw notFound("Correction");
    if (!canChangeAnnotation(ctx, correction.authorId)) throw forbidden(`Only ${correction.authorName} or an admin can delete this correction`);
    await tx.delete(messageCorrections).where(and(eq(messageCorrections.id, correction.id), eq(messageCorrections.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "conversation.delete_correction",
      targetType: "conversation",
      targetId: correction.conversationId,
      before: {
        correctionId: correction.id,
        messageId: correction.messageId,
        authorName: correction.authorName,
        text: correction.text,
        expectedToolCall: correction.expectedToolCall,
        expectedDecision: correction.expectedDecision,
      },
    });
    return { id: correction.id };
  });
}
