import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { agents } from "@/db/schema";
import { readAgentKnowledge, updateAgentKnowledgeInput } from "@/lib/schemas/knowledge";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { agentSettings, ownKnowledgeBaseIds } from "./agent-knowledge";

/** Sets which knowledge bases the agent answers from, and what it does when they have no answer. */
export async function updateAgentKnowledge(ctx: WorkspaceCtx, input: z.input<typeof updateAgentKnowledgeInput>) {
  const { agentId, knowledgeBaseIds, knowledgeFallback } = updateAgentKnowledgeInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const scoped = { ...ctx, db: tx };
    const settings = await agentSettings(scoped, agentId);
    const own = await ownKnowledgeBaseIds(scoped, [...new Set(knowledgeBaseIds)]);
    if (own.length !== new Set(knowledgeBaseIds).size) throw notFound("Knowledge base");
    const after = { knowledgeBaseIds: own, knowledgeFallback };
    await tx
      .update(agents)
      .set({ settings: { ...settings, ...after }, updatedAt: new Date() })
      .where(and(eq(agents.id, agentId), eq(agents.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "agent.knowledge.update", targetType: "agent", targetId: agentId, before: readAgentKnowledge(settings), after });
    return after;
  });
}
