import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { stringify as toYaml } from "yaml";
import type { z } from "zod";
import { journeys, knowledgeBases, policies, policyTests, tools } from "@/db/schema";
import { AGENT_EXPORT_VERSION, type AgentDocument, type AgentDocumentInput, exportAgentInput } from "@/lib/schemas/agent-export";
import { guardrailsSchema } from "@/lib/schemas/guardrails";
import { type JourneyGraph, journeyGraphSchema } from "@/lib/schemas/journey";
import { readAgentKnowledge } from "@/lib/schemas/knowledge";
import type { Persona } from "@/lib/schemas/persona";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { agentRef } from "@/server/services/policies/agent-ref";
import { getAgent } from "./agents";
import { secretNamesIn } from "./secret-names";

/**
 * The agent's draft as one versioned document (lib/schemas/agent-export.ts), JSON or YAML. Left out:
 * everything bound to this workspace — ids, the demo store, the escalation webhook and its signing
 * secret, secret values (tools keep their `{{secret.NAME}}` references). Knowledge bases go by name.
 */
export async function exportAgent(ctx: WorkspaceCtx, input: z.input<typeof exportAgentInput>) {
  const { agent: idOrSlug, format } = exportAgentInput.parse(input);
  const agent = await getAgent(ctx, idOrSlug);
  const { settings } = await agentRef(ctx, agent.id);
  const owned = <T extends typeof journeys | typeof policies | typeof tools | typeof policyTests>(t: T) => and(eq(t.workspaceId, ctx.workspace.id), eq(t.agentId, agent.id));
  const [journeyRows, policyRows, testRows, toolRows] = await Promise.all([
    ctx.db.select().from(journeys).where(owned(journeys)).orderBy(asc(journeys.createdAt), asc(journeys.id)),
    ctx.db.select().from(policies).where(owned(policies)).orderBy(asc(policies.key)),
    ctx.db.select().from(policyTests).where(owned(policyTests)).orderBy(asc(policyTests.policyKey), asc(policyTests.createdAt)),
    ctx.db.select().from(tools).where(owned(tools)).orderBy(asc(tools.name)),
  ]);
  const knowledge = readAgentKnowledge(settings);
  const graphs = journeyRows.map((j) => journeyGraphSchema.parse(j.graph));
  const kbNames = await knowledgeBaseNames(ctx, [...knowledge.knowledgeBaseIds, ...graphs.flatMap(stepKnowledgeBaseIds)]);
  const toolDefinitions = Object.fromEntries(toolRows.map((t) => [t.name, t.definition]));

  const document: AgentDocumentInput = {
    switchback: "agent",
    version: AGENT_EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    agent: {
      name: agent.name,
      description: agent.description,
      persona: agent.persona as Persona,
      guardrails: guardrailsSchema.parse(settings.guardrails ?? {}),
      knowledge: { bases: knowledge.knowledgeBaseIds.flatMap((id) => kbNames.get(id) ?? []), fallback: knowledge.knowledgeFallback },
      journeys: journeyRows.map((j, i) => ({ name: j.name, enabled: j.enabled, ...portableGraph(graphs[i]!, kbNames) })),
      policies: Object.fromEntries(policyRows.map((p) => [p.key, p.definition])),
      policyTests: testRows.map((t) => ({
        policy: t.policyKey,
        name: t.name,
        facts: t.facts,
        expectedDecision: t.expectedDecision as AgentDocument["agent"]["policyTests"][number]["expectedDecision"],
        ...(t.expectedRuleId ? { expectedRuleId: t.expectedRuleId } : {}),
      })),
      tools: toolDefinitions,
      secrets: secretNamesIn(Object.values(toolDefinitions)),
    },
  };

  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "agent.export",
      targetType: "agent",
      targetId: agent.id,
      after: { format, journeys: journeyRows.length, policies: policyRows.length, tools: toolRows.length, policyTests: testRows.length },
    }),
  );
  const base = `${agent.slug}.agent`;
  return format === "yaml"
    ? { filename: `${base}.yaml`, mediaType: "application/yaml", content: toYaml(document, { lineWidth: 0 }) }
    : { filename: `${base}.json`, mediaType: "application/json", content: `${JSON.stringify(document, null, 2)}\n` };
}

const stepKnowledgeBaseIds = (graph: JourneyGraph) => graph.nodes.flatMap((n) => (n.type === "knowledge_answer" && n.knowledgeBaseId ? [n.knowledgeBaseId] : []));

/** The graph without knowledge base ids: a step that reads one knowledge base names it instead. */
function portableGraph(graph: JourneyGraph, kbNames: ReadonlyMap<string, string>) {
  const named: Record<string, string> = {};
  const nodes = graph.nodes.map((node) => {
    if (node.type !== "knowledge_answer" || !node.knowledgeBaseId) return node;
    const { knowledgeBaseId, ...rest } = node;
    const name = kbNames.get(knowledgeBaseId);
    if (name) named[node.id] = name;
    return rest;
  });
  return { graph: { ...graph, nodes }, ...(Object.keys(named).length ? { knowledgeBases: named } : {}) };
}

/** Names of this workspace's knowledge bases among `ids` (another workspace's or deleted ones drop out). */
async function knowledgeBaseNames(ctx: WorkspaceCtx, ids: string[]): Promise<Map<string, string>> {
  const uuids = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!uuids.length) return new Map();
  const rows = await ctx.db
    .select({ id: knowledgeBases.id, name: knowledgeBases.name })
    .from(knowledgeBases)
    .where(and(eq(knowledgeBases.workspaceId, ctx.workspace.id), inArray(knowledgeBases.id, uuids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
