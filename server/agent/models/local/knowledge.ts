import "server-only";

import type { KnowledgeAnswer, KnowledgeChunk } from "../types";
import { contentTerms, splitSentences, stem } from "./text";

/** The share of the question's terms the best sentence must cover to count as an answer. */
export const ANSWER_OVERLAP_FLOOR = 0.4;
const TOP_CHUNKS = 3;
// Question words carry no topic; "how long do returns take" is about "long", "return", "take".
const QUESTION_WORDS = new Set(["where", "when", "why", "whether", "explain", "possible"].map(stem));

export const NOT_GROUNDED_TEXT = "I'm sorry, I don't know the answer to that from our help articles.";

interface Candidate {
  chunk: KnowledgeChunk;
  sentence: string;
  position: number;
  overlap: number;
}

export function answerFromKnowledgeLocal(question: string, chunks: KnowledgeChunk[]): KnowledgeAnswer {
  const terms = new Set(contentTerms(question).filter((t) => !QUESTION_WORDS.has(t)));
  const top = [...chunks].sort((a, b) => b.score - a.score).slice(0, TOP_CHUNKS);
  const candidates: Candidate[] = [];
  for (const chunk of top) {
    splitSentences(chunk.text).forEach((sentence, position) => {
      const words = new Set(contentTerms(sentence));
      let hits = 0;
      for (const t of terms) if (words.has(t)) hits++;
      candidates.push({ chunk, sentence, position, overlap: terms.size > 0 ? hits / terms.size : 0 });
    });
  }
  candidates.sort((a, b) => b.overlap - a.overlap || b.chunk.score - a.chunk.score);
  const best = candidates[0];
  if (!best || best.overlap < ANSWER_OVERLAP_FLOOR) return { text: NOT_GROUNDED_TEXT, citations: [], grounded: false };

  // A second sentence only when it is nearly as relevant; keep the two in reading order.
  const second = candidates.find((c) => c !== best && c.overlap >= Math.max(ANSWER_OVERLAP_FLOOR, best.overlap * 0.75));
  const used = second ? [best, second] : [best];
  if (second && second.chunk === best.chunk && second.position < best.position) used.reverse();
  const citations = [...new Map(used.map((c) => [c.chunk.id, c.chunk])).values()].map((c) => ({
    chunkId: c.id,
    documentTitle: c.documentTitle,
    section: c.section,
  }));
  return { text: used.map((c) => c.sentence).join(" "), citations, grounded: true };
}
