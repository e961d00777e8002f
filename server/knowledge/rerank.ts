import "server-only";
import { contentTerms, stem } from "@/server/agent/models/local/text";

// Words that shape a question but carry no topic ("how long do returns take" is about long/return/take).
const QUESTION_WORDS = new Set(["where", "when", "why", "whether", "explain", "possible", "which", "does", "anything"].map(stem));

export function questionTerms(question: string): string[] {
  return [...new Set(contentTerms(question).filter((t) => !QUESTION_WORDS.has(t)))];
}

/**
 * A cheap, deterministic cross-check of a candidate against the question: how many of the question's
 * terms the chunk contains (its section title counts extra), whether they appear next to each other,
 * and the vector similarity. 0..1; the grounding threshold is set on this scale.
 */
export function rerankScore(terms: string[], chunk: { sectionPath: string; text: string }, vectorSimilarity: number): number {
  if (terms.length === 0) return 0;
  const sequence = contentTerms(`${chunk.sectionPath} ${chunk.text}`);
  const present = new Set(sequence);
  const section = new Set(contentTerms(chunk.sectionPath));
  const coverage = terms.filter((t) => present.has(t)).length / terms.length;
  const sectionCoverage = terms.filter((t) => section.has(t)).length / terms.length;
  const pairs = new Set(sequence.slice(1).map((t, i) => `${sequence[i]} ${t}`));
  const questionPairs = terms.slice(1).map((t, i) => `${terms[i]} ${t}`);
  const adjacency = questionPairs.length ? questionPairs.filter((p) => pairs.has(p)).length / questionPairs.length : coverage;
  return 0.45 * coverage + 0.15 * sectionCoverage + 0.1 * adjacency + 0.3 * Math.max(0, vectorSimilarity);
}
