import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { agents, journeys, policies, tools } from "@/db/schema";
import { guardrailsSchema } from "@/lib/schemas/guardrails";
import { journeyGraphSchema } from "@/lib/schemas/journey";
import { policySchema } from "@/lib/schemas/policy";
import { httpToolSchema } from "@/lib/schemas/tool";
import { notFound } from "@/server/errors";
import type { AgentConfig } from "./agent-config";

// Parsed drafts by agent, valid while the draft's fingerprint is unchanged: one small query per turn
// instead of reading and validating every journey graph.
const cache = new Map<string, { fingerprint: string; config: AgentConfig }>();
const MAX_CACHED = 200;

async function fingerprintOf(db: Db | Tx, input: { workspaceId: string; agentId: string }): Promise<string> {
  const rows = (await db.execute(sql`
    select concat_ws('|',
      (select md5(updated_at::text || settings::text || persona::text) from agents where id = ${input.agentId} and workspace_id = ${input.workspaceId}),
      (select md5(coalesce(string_agg(id::text || revision || updated_at::text || enabled, ',' order by id), '')) from journeys where agent_id = ${input.agentId} and workspace_id = ${input.workspaceId}),
      (select md5(coalesce(string_agg(id::text || revision || updated_at::text, ',' order by id), '')) from policies where agent_id = ${input.agentId} and workspace_id = ${input.workspaceId}),
      (select md5(coalesce(string_agg(id::text || revision || updated_at::text, ',' order by id), '')) from tools where agent_id = ${input.agentId} and workspace_id = ${input.workspaceId})
    ) as fp`)) as unknown as { rows?: { fp: string }[] } | { fp: string }[];
  const list = Array.isArray(rows) ? rows : (rows.rows ?? []);
  return list[0]?.fp ?? "";
}

/** The agent's draft (persona, settings, enabled journeys, policies, tools), validated; cached until it changes. */
export async function loadDraftConfig(db: Db | Tx, input: { workspaceId: string; agentId: string }): Promise<AgentConfig> {
  const key = `${input.workspaceId}:${input.agentId}`;
  const fingerprint = await fingerprintOf(db, input);
  const hit = cache.get(key);
  if (hit && hit.fingerprint === fingerprint) return hit.config;
  const config = await readDraftConfig(db, input);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, { fingerprint, config });
  return config;
}

async function readDraftConfig(db: Db | Tx, input: { workspaceId: string; agentId: string }): Promise<AgentConfig> {
  const scope = (t: typeof journeys | typeof policies | typeof tools) => and(eq(t.workspaceId, input.workspaceId), eq(t.agentId, input.agentId));
  const [agentRows, journeyRows, policyRows, toolRows] = await Promise.all([
    db.select().from(agents).where(and(eq(agents.id, input.agentId), eq(agents.workspaceId, input.workspaceId))).limit(1),
    db.select().from(journeys).where(and(scope(journeys), eq(journeys.enabled, true))).orderBy(asc(journeys.createdAt)),
    db.select().from(policies).where(scope(policies)),
    db.select().from(tools).where(scope(tools)),
  ]);
  const agent = agentRows[0];
  if (!agent) throw notFound("Agent");
  const settings = agent.settings ?? {};
  return {
    agent: { id: agent.id, workspaceId: agent.workspaceId, name: agent.name, persona: agent.persona, settings },
    journeys: journeyRows.map((j) => ({ id: j.id, name: j.name, graph: journeyGraphSchema.parse(j.graph) })),
    policies: Object.fromEntries(policyRows.map((p) => [p.key, policySchema.parse(p.definition)])),
    tools: Object.fromEntries(toolRows.map((t) => [t.name, httpToolSchema.parse(t.definition)])),
    guardrails: guardrailsSchema.parse(settings.guardrails ?? {}),
    storeId: typeof settings.storeId === "string" ? settings.storeId : null,
  };
}
