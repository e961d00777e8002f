import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { knowledgeBases } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";

/** The workspace's knowledge bases with how many documents each holds and how many are ready. */
export async function listKnowledgeBases(ctx: WorkspaceCtx) {
  return ctx.db
    .select({
      id: knowledgeBases.id,
      name: knowledgeBases.name,
      description: knowledgeBases.description,
      updatedAt: knowledgeBases.updatedAt,
      documents: sql<number>`(select count(*)::int from documents d where d.knowledge_base_id = ${knowledgeBases.id} and d.workspace_id = ${knowledgeBases.workspaceId})`,
      ready: sql<number>`(select count(*)::int from documents d where d.knowledge_base_id = ${knowledgeBases.id} and d.workspace_id = ${knowledgeBases.workspaceId} and d.active_version is not null)`,
    })
    .from(knowledgeBases)
    .where(eq(knowledgeBases.workspaceId, ctx.workspace.id))
    .orderBy(asc(knowledgeBases.name));
}
