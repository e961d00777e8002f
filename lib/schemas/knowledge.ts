import { z } from "zod";

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
export const MAX_UPLOAD_FILES = 20;

export const knowledgeBaseNameSchema = z.string().trim().min(1, "Give the knowledge base a name").max(80, "Use at most 80 characters");

export const createKnowledgeBaseInput = z.object({
  name: knowledgeBaseNameSchema,
  description: z.string().trim().max(500, "Use at most 500 characters").default(""),
});
export const renameKnowledgeBaseInput = z.object({
  knowledgeBaseId: z.uuid("Unknown knowledge base"),
  name: knowledgeBaseNameSchema,
  description: z.string().trim().max(500, "Use at most 500 characters").optional(),
});
export const knowledgeBaseIdInput = z.object({ knowledgeBaseId: z.uuid("Unknown knowledge base") });
export const documentIdInput = z.object({ documentId: z.uuid("Unknown document") });

/** Who a document is for: only customer-facing documents answer customers; internal ones stay in the studio. */
export const documentAudiences = ["customer", "internal"] as const;
export type DocumentAudience = (typeof documentAudiences)[number];
export const documentAudienceSchema = z.enum(documentAudiences, { error: 'Choose "customer" (answers customers) or "internal" (studio only)' });
export const audienceLabels: Record<DocumentAudience, string> = { customer: "Customer-facing", internal: "Internal" };

export const setDocumentAudienceInput = z.object({ documentId: z.uuid("Unknown document"), audience: documentAudienceSchema });

export const importUrlInput = z.object({
  knowledgeBaseId: z.uuid("Unknown knowledge base"),
  url: z.url({ protocol: /^https?$/, message: "Enter a full http(s) address, such as https://example.com/help/returns" }).max(2000),
});

export const listChunksInput = z.object({
  documentId: z.uuid("Unknown document"),
  search: z.string().trim().max(200).default(""),
  limit: z.number().int().min(1).max(500).default(200),
});

export const searchKnowledgeInput = z.object({
  query: z.string().trim().min(1, "Type a question").max(1000, "Use at most 1,000 characters"),
  knowledgeBaseIds: z.array(z.uuid()).max(20).optional(),
  agentId: z.uuid().optional(),
});

/** What a question below the grounding threshold gets: "I don't know" with a human offered, or a handoff. */
export const knowledgeFallbacks = ["offer_human", "escalate"] as const;
export type KnowledgeFallback = (typeof knowledgeFallbacks)[number];

/** The knowledge part of `agents.settings`. */
export const agentKnowledgeSchema = z.object({
  knowledgeBaseIds: z.array(z.uuid("Unknown knowledge base")).max(20, "Use at most 20 knowledge bases").default([]),
  knowledgeFallback: z.enum(knowledgeFallbacks).default("offer_human"),
});
export type AgentKnowledge = z.infer<typeof agentKnowledgeSchema>;

export const updateAgentKnowledgeInput = agentKnowledgeSchema.extend({ agentId: z.uuid("Unknown agent id") });

/** Reads the agent's knowledge settings, tolerating settings written before they existed. */
export function readAgentKnowledge(settings: Record<string, unknown>): AgentKnowledge {
  const parsed = agentKnowledgeSchema.safeParse({ knowledgeBaseIds: settings.knowledgeBaseIds, knowledgeFallback: settings.knowledgeFallback });
  return parsed.success ? parsed.data : { knowledgeBaseIds: [], knowledgeFallback: "offer_human" };
}
