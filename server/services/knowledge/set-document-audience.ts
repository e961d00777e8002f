import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { documents } from "@/db/schema";
import { setDocumentAudienceInput } from "@/lib/schemas/knowledge";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { getDocument } from "./get-document";

/**
 * Makes a document customer-facing or internal. Retrieval reads the live value, so an internal document
 * stops answering customers with the next turn, in the draft and in every published release.
 */
export async function setDocumentAudience(ctx: WorkspaceCtx, input: z.input<typeof setDocumentAudienceInput>) {
  const { documentId, audience } = setDocumentAudienceInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const before = await getDocument({ ...ctx, db: tx }, { documentId });
    if (before.audience === audience) return { documentId, audience };
    await tx
      .update(documents)
      .set({ audience, updatedAt: new Date() })
      .where(and(eq(documents.id, documentId), eq(documents.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "document.audience.update",
      targetType: "document",
      targetId: documentId,
      before: { title: before.title, audience: before.audience },
      after: { title: before.title, audience },
    });
    return { documentId, audience };
  });
}
