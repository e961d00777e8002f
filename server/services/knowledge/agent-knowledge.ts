import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { knowledgeBases } from "@/db/schema";
import { readAgentKnowledge } from "@/lib/schemas/knowledge";
import { agentSettings } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";

export { agentSettings };


/** Which of `ids` are knowledge bases of the caller's workspace (foreign or deleted ones drop out). */
export async function ownKnowledgeBaseIds(ctx: WorkspaceCtx | (Omit<WorkspaceCtx, "db"> & { db: Tx }), ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.db
    .select({ id: knowledgeBases.id })
    .from(knowledgeBases)
    .where(and(eq(knowledgeBases.workspaceId, ctx.workspace.id), inArray(knowledgeBases.id, ids)));
  const own = new Set(rows.map((r) => r.id));
  return ids.filter((id) => own.has(id));
}

export async function getAgentKnowledge(ctx: WorkspaceCtx, input: { agentId: string }) {
  const settings = readAgentKnowledge(await agentSettings(ctx, input.agentId));
  return { ...settings, knowledgeBaseIds: await ownKnowledgeBaseIds(ctx, settings.knowledgeBaseIds) };
}
