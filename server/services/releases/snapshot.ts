import { z } from "zod";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import { guardrailsSchema } from "@/lib/schemas/guardrails";
import { journeyGraphSchema } from "@/lib/schemas/journey";
import { personaSchema } from "@/lib/schemas/persona";
import { policySchema } from "@/lib/schemas/policy";
import { httpToolSchema } from "@/lib/schemas/tool";

// The frozen agent a release serves. Pure (no server imports) so the diff and its tests can use it.

export const knowledgeSnapshotSchema = z.object({
  knowledgeBaseId: z.string(),
  documents: z.array(z.object({ id: z.string(), title: z.string(), activeVersion: z.number().int() })),
});

export const releaseSnapshotSchema = z.object({
  format: z.literal(1),
  agent: z.object({ id: z.string(), name: z.string(), persona: personaSchema, settings: z.record(z.string(), z.unknown()) }),
  journeys: z.array(z.object({ id: z.string(), name: z.string(), graph: journeyGraphSchema })),
  policies: z.record(z.string(), policySchema),
  tools: z.record(z.string(), httpToolSchema),
  guardrails: guardrailsSchema,
  storeId: z.string().nullable(),
  knowledge: z.array(knowledgeSnapshotSchema),
});
export type ReleaseSnapshot = z.infer<typeof releaseSnapshotSchema>;
export type KnowledgeSnapshot = z.infer<typeof knowledgeSnapshotSchema>;

/**
 * Settings that belong to the deployment, not the agent's behaviour: never frozen into a release
 * (the webhook's signing secret must not be copied into immutable rows) and never restored from one.
 */
export const deploymentSettingKeys = ["webhook"] as const;

export function behaviourSettings(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([k]) => !(deploymentSettingKeys as readonly string[]).includes(k)));
}

/** The draft as a snapshot: what publishing freezes and what the diff compares. */
export function snapshotFromConfig(config: AgentConfig, knowledge: KnowledgeSnapshot[]): ReleaseSnapshot {
  return releaseSnapshotSchema.parse({
    format: 1,
    agent: { id: config.agent.id, name: config.agent.name, persona: config.agent.persona, settings: behaviourSettings(config.agent.settings) },
    journeys: config.journeys,
    policies: config.policies,
    tools: config.tools,
    guardrails: config.guardrails,
    storeId: config.storeId,
    knowledge,
  });
}

/** What the runtime runs for a conversation served by this release. */
export function configFromSnapshot(snapshot: ReleaseSnapshot, ids: { releaseId: string; workspaceId: string }): AgentConfig {
  return {
    agent: { ...snapshot.agent, workspaceId: ids.workspaceId },
    journeys: snapshot.journeys,
    policies: snapshot.policies,
    tools: snapshot.tools,
    guardrails: snapshot.guardrails,
    storeId: snapshot.storeId,
    releaseId: ids.releaseId,
    knowledgeVersions: snapshot.knowledge.flatMap((kb) => kb.documents.map((d) => ({ documentId: d.id, version: d.activeVersion }))),
  };
}
