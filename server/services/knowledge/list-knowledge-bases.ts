import "server-only";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { documents, knowledgeBases } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";

/**
 * The workspace's knowledge bases with how many documents each holds and how many are ready. Counted
 * through a join, not a correlated subquery written in SQL text: drizzle leaves a single-table select's
 * columns unqualified, so `${knowledgeBases.id}` inside `(select … from documents d …)` bound to `d.id`
 * and every count was 0.
 */
export async function listKnowledgeBases(ctx: WorkspaceCtx) {
  return ctx.db
    .select({
      id: knowledgeBases.id,
      name: knowledgeBases.name,
      description: knowledgeBases.description,
      updatedAt: knowledgeBases.updatedAt,
      documents: count(documents.id),
      ready: sql<number>`(count(*) filter (where ${documents.status} = 'ready'))::int`,
    })
    .from(knowledgeBases)
    .leftJoin(documents, and(eq(documents.knowledgeBaseId, knowledgeBases.id), eq(documents.workspaceId, knowledgeBases.workspaceId)))
    .where(eq(knowledgeBases.workspaceId, ctx.workspace.id))
    .groupBy(knowledgeBases.id)
    .orderBy(asc(knowledgeBases.name));
}
