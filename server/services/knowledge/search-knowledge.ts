import "server-only";
import type { z } from "zod";
import { readAgentKnowledge, searchKnowledgeInput } from "@/lib/schemas/knowledge";
import { NO_ANSWER_REASON, NO_ANSWER_TEXT } from "@/server/agent/pipeline/knowledge";
import { answerFromKnowledgeBases } from "@/server/knowledge/answer";
import { retrieve } from "@/server/knowledge/retrieve";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import type { WorkspaceCtx } from "@/server/services/context";
import { agentSettings, ownKnowledgeBaseIds } from "./agent-knowledge";

/**
 * The search test panel: every candidate chunk with each stage's score, which passed the grounding
 * threshold, and what the agent would reply — over an agent's knowledge bases or the ones given.
 * Builders see internal documents among the candidates (labelled); the reply reads customer-facing
 * ones only, as a customer's turn does.
 */
export async function searchKnowledge(ctx: WorkspaceCtx, input: z.input<typeof searchKnowledgeInput>) {
  const { query, agentId, knowledgeBaseIds } = searchKnowledgeInput.parse(input);
  const agent = agentId ? readAgentKnowledge(await agentSettings(ctx, agentId)) : null;
  const ids = await ownKnowledgeBaseIds(ctx, agent?.knowledgeBaseIds ?? knowledgeBaseIds ?? []);
  const { models } = await buildTurnContext(ctx.db, { workspaceId: ctx.workspace.id, appUrl: "" });
  const scope = { workspaceId: ctx.workspace.id, knowledgeBaseIds: ids };
  const [{ answer }, retrieval] = await Promise.all([
    answerFromKnowledgeBases(ctx.db, models, { ...scope, question: query }),
    retrieve(ctx.db, (texts) => models.embed(texts), { ...scope, query, audience: "any" }),
  ]);
  const fallback = agent?.knowledgeFallback ?? "offer_human";
  return {
    knowledgeBaseIds: ids,
    threshold: retrieval.threshold,
    durationMs: retrieval.durationMs,
    chunks: retrieval.chunks,
    answer,
    reply: answer.grounded ? answer.text : fallback === "escalate" ? `(hands off to a person: ${NO_ANSWER_REASON})` : NO_ANSWER_TEXT,
    model: models.kind,
  };
}
