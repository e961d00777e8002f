import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { documents } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

/** A document of the caller's workspace, without its content. */
export async function getDocument(ctx: WorkspaceCtx | (Omit<WorkspaceCtx, "db"> & { db: Tx }), input: { documentId: string }) {
  const [doc] = await ctx.db
    .select({
      id: documents.id,
      knowledgeBaseId: documents.knowledgeBaseId,
      title: documents.title,
      filename: documents.filename,
      source: documents.source,
      sourceUrl: documents.sourceUrl,
      mimeType: documents.mimeType,
      sizeBytes: documents.sizeBytes,
      audience: documents.audience,
      status: documents.status,
      error: documents.error,
      progress: documents.progress,
      chunksEmbedded: documents.chunksEmbedded,
      chunksTotal: documents.chunksTotal,
      updatedAt: documents.updatedAt,
      pageCount: documents.pageCount,
      activeVersion: documents.activeVersion,
      pendingVersion: documents.pendingVersion,
    })
    .from(documents)
    .where(and(eq(documents.id, input.documentId), eq(documents.workspaceId, ctx.workspace.id)))
    .limit(1);
  if (!doc) throw notFound("Document");
  return doc;
}
