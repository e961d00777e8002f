import "server-only";
import { readAgentKnowledge } from "@/lib/schemas/knowledge";
import { answerFromKnowledgeBases } from "@/server/knowledge/answer";
import { isStopword, tokenize } from "../models/local/text";
import { say, type TurnRun } from "./turn-run";

export const NO_ANSWER_TEXT = "I'm sorry, I don't know the answer to that from our help articles. If you'd like, ask for a person and I'll connect you with a member of our team.";
export const NO_ANSWER_REASON = "The knowledge base has no answer to the customer's question";

export type KnowledgeOutcome = { searched: false } | { searched: true; grounded: boolean; fallback: "offer_human" | "escalate" };

/**
 * Answers `question` from the agent's knowledge bases: retrieval, then the model's answer over the chunks
 * that pass the grounding threshold, cited. Records a "knowledge" trace event with every candidate's scores.
 * Says nothing when not grounded: the caller decides between its fallback and a handoff.
 */
export async function answerFromKnowledge(run: TurnRun, question: string): Promise<KnowledgeOutcome> {
  const settings = readAgentKnowledge(run.config.agent.settings);
  // Greetings and thanks are not questions for the help centre.
  if (settings.knowledgeBaseIds.length === 0 || !tokenize(question).some((t) => !isStopword(t))) return { searched: false };
  const started = performance.now();
  const { retrieval, answer } = await answerFromKnowledgeBases(run.ctx.db, run.ctx.models, {
    workspaceId: run.conversation.workspaceId,
    knowledgeBaseIds: settings.knowledgeBaseIds,
    versions: run.config.knowledgeVersions,
    question,
  });
  run.trace.record({
    type: "knowledge",
    name: "retrieve",
    input: { query: question, knowledgeBaseIds: settings.knowledgeBaseIds },
    output: {
      threshold: retrieval.threshold,
      chunks: retrieval.chunks.map((c) => ({ chunkId: c.id, document: c.documentTitle, section: c.sectionPath, scores: c.scores, passed: c.passed })),
      citations: answer.citations,
    },
    decision: answer.grounded ? "grounded" : "not grounded",
    durationMs: performance.now() - started,
  });
  if (answer.grounded) {
    run.citations.push(...answer.citations.filter((c) => !run.citations.some((x) => x.chunkId === c.chunkId)));
    // What the help centre says is stated by the system: output guardrails accept its amounts and wording.
    run.grounded.policyText.push(answer.text);
    for (const m of answer.text.matchAll(/\$\s?(\d[\d,]*(?:\.\d{1,2})?)/g)) run.grounded.amounts.push(Number(m[1]!.replace(/,/g, "")));
    say(run, "answer", answer.text);
  }
  return { searched: true, grounded: answer.grounded, fallback: settings.knowledgeFallback };
}
