import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { documents } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";
import { getKnowledgeBase } from "./get-knowledge-base";

/** The knowledge base's documents with status, progress and the active version's chunk count (no content). */
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
      status: documents.status,
      error: documents.error,
      progress: documents.progress,
      pageCount: documents.pageCount,
      activeVersion: documents.activeVersion,
      pendingVersion: documents.pendingVersion,
      updatedAt: documents.updatedAt,
      chunks: sql<number>`(select count(*)::int from chunks c where c.document_id = ${documents.id} and c.version = ${documents.activeVersion})`,
    })
    .from(documents)
    .where(and(eq(documents.workspaceId, ctx.workspace.id), eq(documents.knowledgeBaseId, input.knowledgeBaseId)))
    .orderBy(desc(documents.updatedAt));
}
