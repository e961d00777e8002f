import "server-only";
import type { Db, Tx } from "@/db/client";
import type { KnowledgeVersion } from "@/server/agent/config/agent-config";
import type { Models } from "@/server/agent/models";
import type { Persona } from "@/server/agent/models/types";
import { NOT_GROUNDED_TEXT } from "@/server/agent/models/local";
import type { Citation } from "@/server/agent/types";
import { type Retrieval, retrieve } from "./retrieve";

export interface GroundedAnswer {
  text: string;
  grounded: boolean;
  citations: Citation[];
  /** Written in the persona's voice: the reply as it is. */
  voiced?: boolean;
}

/**
 * Retrieval plus the model's answer over the chunks that passed the grounding threshold. Nothing passes →
 * not grounded, and the model is not asked (it cannot invent from nothing).
 */
export async function answerFromKnowledgeBases(
  db: Db | Tx,
  models: Pick<Models, "embed" | "answerFromKnowledge">,
  input: { workspaceId: string; knowledgeBaseIds: string[]; question: string; versions?: KnowledgeVersion[]; persona?: Persona },
): Promise<{ retrieval: Retrieval; answer: GroundedAnswer }> {
  const retrieval = await retrieve(db, (texts) => models.embed(texts), { workspaceId: input.workspaceId, knowledgeBaseIds: input.knowledgeBaseIds, query: input.question, versions: input.versions });
  if (retrieval.passed.length === 0) return { retrieval, answer: { text: NOT_GROUNDED_TEXT, grounded: false, citations: [] } };
  const answer = await models.answerFromKnowledge(
    input.question,
    retrieval.passed.map((c) => ({ id: c.id, documentTitle: c.documentTitle, section: c.sectionPath, text: c.text, score: c.scores.rerank })),
    input.persona ? { persona: input.persona } : undefined,
  );
  const byId = new Map(retrieval.passed.map((c) => [c.id, c]));
  const citations = answer.citations.flatMap((c) => {
    const chunk = byId.get(c.chunkId);
    return chunk ? [{ chunkId: chunk.id, documentId: chunk.documentId, documentTitle: chunk.documentTitle, section: chunk.sectionPath }] : [];
  });
  const grounded = answer.grounded && citations.length > 0;
  return { retrieval, answer: { text: grounded ? answer.text : NOT_GROUNDED_TEXT, grounded, citations: grounded ? citations : [], ...(grounded && answer.voiced ? { voiced: true } : {}) } };
}
