import type { Guardrails } from "@/lib/schemas/guardrails";
import type { JourneyGraph } from "@/lib/schemas/journey";
import type { Persona } from "@/lib/schemas/persona";
import type { Policy } from "@/lib/schemas/policy";
import type { HttpTool } from "@/lib/schemas/tool";

/** Everything a turn needs to know about the agent: the draft today, a release snapshot later. */
export interface AgentConfig {
  agent: { id: string; workspaceId: string; name: string; persona: Persona; settings: Record<string, unknown> };
  journeys: { id: string; name: string; graph: JourneyGraph }[];
  /** By policy key. */
  policies: Record<string, Policy>;
  /** By tool name. */
  tools: Record<string, HttpTool>;
  guardrails: Guardrails;
  /** The demo store the agent's tools and gate talk to (agents.settings.storeId). */
  storeId: string | null;
  /** Set when the config is a release snapshot. */
  releaseId?: string;
  /** A release's frozen knowledge: the document versions it answers from (the draft reads each document's active version). */
  knowledgeVersions?: KnowledgeVersion[];
}

export interface KnowledgeVersion {
  documentId: string;
  version: number;
}
