import "server-only";
import { and, count, desc, eq } from "drizzle-orm";
import { chunks, documents } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";
import { getKnowledgeBase } from "./get-knowledge-base";

/**
 * The knowledge base's documents with status, progress and the active version's chunk count (no content).
 * The count is a join (see list-knowledge-bases.ts for why not a subquery in SQL text).
 */
export async function listDocuments(ctx: WorkspaceCtx, input: { knowledgeBaseId: string }) {
  await getKnowledgeBase(ctx, input);
  return ctx.db
    .select({
      id: documents.id,
      title: documents.title,
      source: documents.source,
      sourceUrl: documents.sourceUrl,
      filename: documents.filename,
      mimeType: documents.mimeType,
      sizeBytes: documents.sizeBytes,
      audience: documents.audience,
      status: documents.status,
      error: documents.error,
      progress: documents.progress,
      chunksEmbedded: documents.chunksEmbedded,
      chunksTotal: documents.chunksTotal,
      pageCount: documents.pageCount,
      activeVersion: documents.activeVersion,
      pendingVersion: documents.pendingVersion,
      updatedAt: documents.updatedAt,
      chunks: count(chunks.id),
    })
    .from(documents)
    .leftJoin(chunks, and(eq(chunks.documentId, documents.id), eq(chunks.workspaceId, documents.workspaceId), eq(chunks.version, documents.activeVersion)))
    .where(and(eq(documents.workspaceId, ctx.workspace.id), eq(documents.knowledgeBaseId, input.knowledgeBaseId)))
    .groupBy(documents.id)
    .orderBy(desc(documents.updatedAt));
}
