import { z } from "zod";
import { journeyNameSchema } from "@/lib/journey/inputs";
import { agentNameSchema } from "./agent";
import { guardrailsSchema } from "./guardrails";
import { journeyGraphSchema } from "./journey";
import { knowledgeFallbacks } from "./knowledge";
import { personaSchema } from "./persona";
import { AGENT_EXPORT_VERSION, MAX_AGENT_EXPORT_BYTES } from "./agent-export-limits";
import { decisionSchema } from "./policy";

// The agent export document: one file with everything that makes up an agent's draft, and nothing bound
// to the workspace it came from (ids, the demo store, webhooks, secret values). Policy and tool
// definitions are kept as they are stored and validated by their own schemas on import, so they follow
// those schemas as they grow.

export { AGENT_EXPORT_VERSION, MAX_AGENT_EXPORT_BYTES, STUDIO_IMPORT_MAX_BYTES } from "./agent-export-limits";

export const agentExportFormats = ["json", "yaml"] as const;
export type AgentExportFormat = (typeof agentExportFormats)[number];

const exportedJourneySchema = z
  .object({
    name: journeyNameSchema,
    enabled: z.boolean().default(true),
    graph: journeyGraphSchema,
    /** Knowledge-answer steps that read one knowledge base: step id → the knowledge base's name. */
    knowledgeBases: z.record(z.string(), z.string()).default({}),
  })
  .strict();

const exportedPolicyTestSchema = z
  .object({
    policy: z.string().min(1),
    name: z.string().trim().min(1),
    facts: z.record(z.string(), z.unknown()),
    expectedDecision: decisionSchema,
    expectedRuleId: z.string().optional(),
  })
  .strict();

export const exportedAgentSchema = z
  .object({
    name: agentNameSchema,
    description: z.string().trim().max(500).default(""),
    persona: personaSchema,
    guardrails: guardrailsSchema.optional(),
    knowledge: z
      .object({
        /** Knowledge bases by name: linked on import to the target workspace's knowledge base of that name. */
        bases: z.array(z.string().min(1)).max(20).default([]),
        fallback: z.enum(knowledgeFallbacks).default("offer_human"),
      })
      .strict()
      .default({ bases: [], fallback: "offer_human" }),
    journeys: z.array(exportedJourneySchema).max(200, "At most 200 journeys").default([]),
    /** By policy key: the definition as lib/schemas/policy.ts reads it. */
    policies: z.record(z.string(), z.unknown()).default({}),
    policyTests: z.array(exportedPolicyTestSchema).max(2000, "At most 2,000 policy tests").default([]),
    /** By tool name: the definition as lib/schemas/tool.ts reads it; headers reference secrets by name only. */
    tools: z.record(z.string(), z.unknown()).default({}),
    /** The workspace secrets the tools reference: set them in the target workspace. */
    secrets: z.array(z.string()).default([]),
  })
  .strict();
export type ExportedAgent = z.infer<typeof exportedAgentSchema>;

export const agentDocumentSchema = z
  .object({
    switchback: z.literal("agent"),
    version: z.literal(AGENT_EXPORT_VERSION),
    exportedAt: z.string().optional(),
    agent: exportedAgentSchema,
  })
  .strict();
export type AgentDocument = z.infer<typeof agentDocumentSchema>;
/** The document as written: defaults may be left out. */
export type AgentDocumentInput = z.input<typeof agentDocumentSchema>;

export const exportAgentInput = z.object({ agent: z.string().min(1).max(64), format: z.enum(agentExportFormats).default("json") });

export const importAgentInput = z.object({
  content: z
    .string()
    .trim()
    .min(1, "Paste an agent export or pick its file")
    .max(MAX_AGENT_EXPORT_BYTES, `An agent export is at most ${MAX_AGENT_EXPORT_BYTES / 1024 / 1024} MB`),
  /** A name for the new agent; the file's name when absent. */
  name: agentNameSchema.optional(),
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Slugs are lower-case letters, digits and dashes")
    .optional(),
});
