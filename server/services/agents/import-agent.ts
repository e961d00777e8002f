import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { ZodError, type z } from "zod";
import { journeys, knowledgeBases, secrets } from "@/db/schema";
import { type ExportedAgent, importAgentInput } from "@/lib/schemas/agent-export";
import type { JourneyGraph } from "@/lib/schemas/journey";
import type { HttpTool } from "@/lib/schemas/tool";
import { DomainError, invalid } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { saveGuardrails } from "@/server/services/guardrails/guardrails";
import { createJourney } from "@/server/services/journeys/create-journey";
import { updateJourney } from "@/server/services/journeys/update-journey";
import { updateAgentKnowledge } from "@/server/services/knowledge/update-agent-knowledge";
import { createPolicyTest } from "@/server/services/policies/policy-tests";
import { createPolicy, savePolicy } from "@/server/services/policies/save-policy";
import { saveTool } from "@/server/services/tools/tools";
import { createAgent } from "./agents";
import { parseAgentDocument } from "./parse-agent-document";
import { secretNamesIn } from "./secret-names";

export interface ImportAgentResult {
  agent: { id: string; slug: string; name: string };
  warnings: {
    /** Secrets the tools reference that this workspace does not have yet: set them under Settings → Secrets. */
    secrets: string[];
    /** Knowledge bases (by name) this workspace has none of: the agent is not linked to them. */
    knowledgeBases: string[];
  };
}

/**
 * Creates a new agent from an agent export, through the services the studio saves with, so it is checked
 * exactly as the studio's edits are (a write's lookups against the agent's read tools, each policy's
 * expressions against the facts those tools give). One transaction: on any error nothing is saved, and
 * the error names the place in the file.
 */
export async function importAgent(ctx: WorkspaceCtx, input: z.input<typeof importAgentInput>): Promise<ImportAgentResult> {
  const { content, name, slug } = importAgentInput.parse(input);
  const { agent: doc, exportedAt } = parseAgentDocument(content);
  return ctx.db.transaction(async (tx) => {
    const scoped: WorkspaceCtx = { ...ctx, db: tx };
    const agent = await createAgent(scoped, { name: name ?? doc.name, description: doc.description, persona: doc.persona }, { slug });
    const ref = { agent: agent.id };
    const kbIds = await knowledgeBaseIds(scoped, [...doc.knowledge.bases, ...doc.journeys.flatMap((j) => Object.values(j.knowledgeBases))]);

    // Policies first, empty: tools bind to them by key. Read tools before writes: a write's lookups name
    // the agent's read tools. Then the rules, checked against the facts those tools give.
    for (const [key, definition] of Object.entries(doc.policies)) {
      await at(`policies.${key}`, () => createPolicy(scoped, { ...ref, key, name: (definition as { name: string }).name }));
    }
    const toolEntries = Object.entries(doc.tools).sort(([, a], [, b]) => Number((a as HttpTool).kind === "write") - Number((b as HttpTool).kind === "write"));
    for (const [toolName, definition] of toolEntries) await at(`tools.${toolName}`, () => saveTool(scoped, { ...ref, tool: definition as Record<string, unknown> }));
    for (const [key, definition] of Object.entries(doc.policies)) {
      await at(`policies.${key}`, () => savePolicy(scoped, { ...(definition as object), ...ref, key } as Parameters<typeof savePolicy>[1]));
    }
    for (const [i, test] of doc.policyTests.entries()) {
      const { policy, ...rest } = test;
      await at(`policyTests[${i}]`, () => createPolicyTest(scoped, { ...ref, ...rest, policyKey: policy } as Parameters<typeof createPolicyTest>[1]));
    }
    const journeyIds: string[] = [];
    for (const [i, journey] of doc.journeys.entries()) {
      await at(`journeys[${i}]`, async () => {
        const row = await createJourney(scoped, { ...ref, name: journey.name, graph: linkSteps(journey.graph, journey.knowledgeBases, kbIds) });
        if (!journey.enabled) await updateJourney(scoped, { journeyId: row.id, enabled: false });
        journeyIds.push(row.id);
      });
    }
    // Rows of one transaction share its now(); the runtime reads journeys oldest first: keep the file's order.
    const start = Date.now();
    for (const [i, id] of journeyIds.entries()) {
      await tx.update(journeys).set({ createdAt: new Date(start + i) }).where(and(eq(journeys.id, id), eq(journeys.workspaceId, ctx.workspace.id)));
    }
    if (doc.guardrails) await at("guardrails", () => saveGuardrails(scoped, { ...ref, guardrails: doc.guardrails! }));
    const linked = doc.knowledge.bases.flatMap((kb) => kbIds.get(kb) ?? []);
    if (linked.length || doc.knowledge.fallback !== "offer_human") {
      await at("knowledge", () => updateAgentKnowledge(scoped, { agentId: agent.id, knowledgeBaseIds: linked, knowledgeFallback: doc.knowledge.fallback }));
    }

    const warnings = {
      secrets: await missingSecrets(scoped, secretNamesIn(Object.values(doc.tools))),
      knowledgeBases: [...new Set([...doc.knowledge.bases, ...doc.journeys.flatMap((j) => Object.values(j.knowledgeBases))])].filter((kb) => !kbIds.has(kb)),
    };
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "agent.import",
      targetType: "agent",
      targetId: agent.id,
      after: { name: agent.name, slug: agent.slug, exportedAt: exportedAt ?? null, ...counts(doc), warnings },
    });
    return { agent: { id: agent.id, slug: agent.slug, name: agent.name }, warnings };
  });
}

/** Runs one step of the import; its error says where in the file the problem is. */
async function at<T>(place: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(error.code, `${place}: ${error.message}`);
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      throw invalid(`${place}${issue?.path.length ? `.${issue.path.join(".")}` : ""}: ${issue?.message ?? "not valid"}`);
    }
    throw error;
  }
}

/**
 * Knowledge-answer steps read the knowledge base named in the file, if this workspace has one. An id in
 * the file's graph is never kept: it belongs to the workspace the file came from.
 */
function linkSteps(graph: JourneyGraph, named: Record<string, string>, kbIds: ReadonlyMap<string, string>): JourneyGraph {
  const nodes = graph.nodes.map((node) => {
    if (node.type !== "knowledge_answer") return node;
    const { knowledgeBaseId: _fromFile, ...rest } = node;
    const id = named[node.id] ? kbIds.get(named[node.id]!) : undefined;
    return id ? { ...rest, knowledgeBaseId: id } : rest;
  });
  return { ...graph, nodes };
}

/** This workspace's knowledge bases by name (the oldest when two share a name). */
async function knowledgeBaseIds(ctx: WorkspaceCtx, names: string[]): Promise<Map<string, string>> {
  if (!names.length) return new Map();
  const rows = await ctx.db
    .select({ id: knowledgeBases.id, name: knowledgeBases.name })
    .from(knowledgeBases)
    .where(and(eq(knowledgeBases.workspaceId, ctx.workspace.id), inArray(knowledgeBases.name, [...new Set(names)])))
    .orderBy(asc(knowledgeBases.createdAt));
  const byName = new Map<string, string>();
  for (const r of rows) if (!byName.has(r.name)) byName.set(r.name, r.id);
  return byName;
}

async function missingSecrets(ctx: WorkspaceCtx, names: string[]): Promise<string[]> {
  if (!names.length) return [];
  const rows = await ctx.db.select({ name: secrets.name }).from(secrets).where(and(eq(secrets.workspaceId, ctx.workspace.id), inArray(secrets.name, names)));
  const set = new Set(rows.map((r) => r.name));
  return names.filter((n) => !set.has(n));
}

const counts = (doc: ExportedAgent) => ({
  journeys: doc.journeys.length,
  policies: Object.keys(doc.policies).length,
  tools: Object.keys(doc.tools).length,
  policyTests: doc.policyTests.length,
});
