import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { knowledgeBases } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

/** A knowledge base of the caller's workspace; another workspace's is not found. */
export async function getKnowledgeBase(ctx: WorkspaceCtx | (Omit<WorkspaceCtx, "db"> & { db: Tx }), input: { knowledgeBaseId: string }) {
  const [kb] = await ctx.db
    .select()
    .from(knowledgeBases)
    .where(and(eq(knowledgeBases.id, input.knowledgeBaseId), eq(knowledgeBases.workspaceId, ctx.workspace.id)))
    .limit(1);
  if (!kb) throw notFound("Knowledge base");
  return kb;
}
