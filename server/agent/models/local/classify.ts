import "server-only";

import type { ClassifyResult, IntentCandidate } from "../types";
import { contentTerms, cosine, embedText, properNouns } from "./text";

/** Below this combined score the local classifier says "none of these" (`best: null`). */
export const INTENT_SCORE_FLOOR = 0.25;

const SIMILARITY_WEIGHT = 0.65;
const KEYWORD_WEIGHT = 0.35;
const UNKNOWN_TERM_WEIGHT = 0.5;

interface PreparedCandidate {
  id: string;
  vectors: number[][];
  vocabulary: Set<string>;
}

interface PreparedSet {
  candidates: PreparedCandidate[];
  idf: Map<string, number>;
  maxIdf: number;
}

// Keyed by content, not identity, so a journey edited in place never reuses stale vectors.
const byContent = new Map<string, PreparedSet>();
const MAX_CACHED_SETS = 64;

function prepare(candidates: IntentCandidate[]): PreparedSet {
  const key = JSON.stringify(candidates.map((c) => [c.id, c.description, c.examples]));
  let prepared = byContent.get(key);
  if (!prepared) {
    const list = candidates.map((c) => {
      const texts = [...c.examples, c.description].filter((t) => t.trim().length > 0);
      return { id: c.id, vectors: texts.map(embedText), vocabulary: new Set(texts.flatMap(contentTerms)) };
    });
    const df = new Map<string, number>();
    for (const c of list) for (const t of c.vocabulary) df.set(t, (df.get(t) ?? 0) + 1);
    const maxIdf = Math.log(1 + list.length);
    // Terms every candidate shares ("order") carry little; distinctive ones ("cancel") carry most.
    const idf = new Map([...df].map(([t, n]) => [t, Math.log(1 + list.length / n)]));
    prepared = { candidates: list, idf, maxIdf };
    if (byContent.size >= MAX_CACHED_SETS) byContent.delete(byContent.keys().next().value!);
    byContent.set(key, prepared);
  }
  return prepared;
}

export function classifyIntentLocal(text: string, candidates: IntentCandidate[]): ClassifyResult {
  if (candidates.length === 0) return { best: null, scores: [] };
  const set = prepare(candidates);
  const query = embedText(text);
  // Ids and emails say nothing about intent, nor do names and places no candidate mentions;
  // other words no candidate knows count against the keyword signal, at half weight, because a
  // product name ("coffee maker") is as unknown to the examples as "weather" is.
  const names = properNouns(text);
  const terms = [...new Set(contentTerms(text))].filter((t) => !t.startsWith("#") && (set.idf.has(t) || !names.has(t)));
  const totalWeight = terms.reduce((sum, t) => sum + (set.idf.get(t) ?? set.maxIdf * UNKNOWN_TERM_WEIGHT), 0);

  const scores = set.candidates.map((c) => {
    let similarity = 0;
    for (const v of c.vectors) similarity = Math.max(similarity, cosine(query, v));
    const matched = terms.reduce((sum, t) => sum + (c.vocabulary.has(t) ? set.idf.get(t)! : 0), 0);
    const keyword = totalWeight > 0 ? matched / totalWeight : 0;
    const score = Math.min(1, Math.max(0, SIMILARITY_WEIGHT * similarity + KEYWORD_WEIGHT * keyword));
    return { id: c.id, score: Math.round(score * 1000) / 1000 };
  });
  scores.sort((a, b) => b.score - a.score);
  const top = scores[0]!;
  return { best: top.score >= INTENT_SCORE_FLOOR ? top : null, scores };
}
