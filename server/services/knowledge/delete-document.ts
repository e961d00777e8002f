import "server-only";
import { and, eq } from "drizzle-orm";
import { documents } from "@/db/schema";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { getDocument } from "./get-document";

/** Deletes a document and (by cascade) all its chunks; a queued indexing job finds it gone and stops. */
export async function deleteDocument(ctx: WorkspaceCtx, input: { documentId: string }) {
  await ctx.db.transaction(async (tx) => {
    const before = await getDocument({ ...ctx, db: tx }, input);
    await tx.delete(documents).where(and(eq(documents.id, input.documentId), eq(documents.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "document.delete", targetType: "document", targetId: input.documentId, before: { title: before.title, filename: before.filename, sourceUrl: before.sourceUrl } });
  });
}
