import "server-only";
import { readAgentKnowledge } from "@/lib/schemas/knowledge";
import { answerFromKnowledgeBases } from "@/server/knowledge/answer";
import { isStopword, tokenize } from "../models/local/text";
import { say, type TurnRun } from "./turn-run";

export const NO_ANSWER_TEXT = "I'm sorry, I don't know the answer to that from our help articles. If you'd like, ask for a person and I'll connect you with a member of our team.";
export const NO_ANSWER_REASON = "The knowledge base has no answer to the customer's question";

export type KnowledgeOutcome = { searched: false } | { searched: true; grounded: boolean; fallback: "offer_human" | "escalate" };

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

/** Would the help centre be asked this? Greetings and thanks are not questions for it. */
const searchable = (run: TurnRun, question: string) => readAgentKnowledge(run.config.agent.settings).knowledgeBaseIds.length > 0 && tokenize(question).some((t) => !isStopword(t));

/**
 * Starts embedding the message while the turn is understood, when no journey is active and it may
 * fall through to the help centre: the knowledge answer then waits for one model call, not two.
 */
export function prefetchQuestionEmbedding(run: TurnRun): void {
  // A local embedding costs no round trip: nothing to win by starting it before it is needed.
  if (run.ctx.models.kind === "local" || run.session.journey || !searchable(run, run.text)) return;
  run.prefetched = { text: run.text, embedding: settle(run.ctx.models.embed([run.text])) };
}

async function embed(run: TurnRun, texts: string[]): Promise<number[][]> {
  const prefetched = run.prefetched;
  if (!prefetched || texts.length !== 1 || texts[0] !== prefetched.text) return run.ctx.models.embed(texts);
  const settled = await prefetched.embedding;
  if (!settled.ok) throw settled.error;
  return settled.value;
}

/**
 * Answers `question` from the agent's knowledge bases: retrieval, then the model's answer over the chunks
 * that pass the grounding threshold, cited. Records a "knowledge" trace event with every candidate's scores.
 * Says nothing when not grounded: the caller decides between its fallback and a handoff.
 */
export async function answerFromKnowledge(run: TurnRun, question: string): Promise<KnowledgeOutcome> {
  if (!searchable(run, question)) return { searched: false };
  const settings = readAgentKnowledge(run.config.agent.settings);
  const started = performance.now();
  const models = { embed: (texts: string[]) => embed(run, texts), answerFromKnowledge: run.ctx.models.answerFromKnowledge };
  const { retrieval, answer } = await answerFromKnowledgeBases(run.ctx.db, models, {
    workspaceId: run.conversation.workspaceId,
    knowledgeBaseIds: settings.knowledgeBaseIds,
    versions: run.config.knowledgeVersions,
    question,
    persona: run.config.agent.persona,
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
    say(run, "answer", answer.text, { voiced: answer.voiced });
  }
  return { searched: true, grounded: answer.grounded, fallback: settings.knowledgeFallback };
}
