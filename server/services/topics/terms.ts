import "server-only";
import { isStopword, stem, tokenize } from "@/server/agent/models/local/text";

// Labels from each cluster's most distinctive terms: class-based TF-IDF (c-TF-IDF, as BERTopic does),
// every cluster's messages as one document against the others:
//   weight(t, c) = tf(t, c) · log(1 + A / f(t))
// with tf the term's share of the cluster's terms, A the mean number of terms per cluster and f(t) the
// term's count over all clusters. Terms are stems (so "returned" and "returns" agree), shown as the word
// the cluster used most for them.

const PLACEHOLDERS = new Set(["#num", "#email"]);
const MIN_LENGTH = 3;

/** Each text's terms: stemmed content words, with the surface word each came from. */
export function termsOf(text: string): { stem: string; word: string }[] {
  return tokenize(text)
    .filter((w) => !PLACEHOLDERS.has(w) && !isStopword(w) && w.length >= MIN_LENGTH)
    .map((word) => ({ stem: stem(word), word }));
}

export interface ClusterTerms {
  /** Best first: the surface words of the cluster's most distinctive stems. */
  terms: string[];
  weights: number[];
}

/** The `top` most distinctive terms of each cluster (clusters 0..k-1, given each text's cluster). */
export function distinctiveTerms(texts: readonly string[], clusterOf: readonly number[], k: number, top = 6): ClusterTerms[] {
  const counts = Array.from({ length: k }, () => new Map<string, number>());
  const surface = Array.from({ length: k }, () => new Map<string, Map<string, number>>());
  const overall = new Map<string, number>();
  texts.forEach((text, i) => {
    const c = clusterOf[i]!;
    for (const { stem: s, word } of termsOf(text)) {
      counts[c]!.set(s, (counts[c]!.get(s) ?? 0) + 1);
      overall.set(s, (overall.get(s) ?? 0) + 1);
      const words = surface[c]!.get(s) ?? new Map<string, number>();
      words.set(word, (words.get(word) ?? 0) + 1);
      surface[c]!.set(s, words);
    }
  });
  const totals = counts.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  const average = totals.reduce((a, b) => a + b, 0) / Math.max(1, k);
  return counts.map((m, c) => {
    const scored = [...m.entries()]
      .map(([s, n]) => ({ s, weight: (n / Math.max(1, totals[c]!)) * Math.log(1 + average / overall.get(s)!) }))
      // Ties broken by the stem, so the labels do not depend on the order of the input.
      .sort((a, b) => b.weight - a.weight || a.s.localeCompare(b.s))
      .slice(0, top);
    return {
      terms: scored.map(({ s }) => mostUsed(surface[c]!.get(s)!)),
      weights: scored.map(({ weight }) => weight),
    };
  });
}

function mostUsed(words: Map<string, number>): string {
  return [...words.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

/** "Cancel · order · mistake": the first three terms. */
export function labelFromTerms(terms: readonly string[]): string {
  if (terms.length === 0) return "Other";
  const [first, ...rest] = terms.slice(0, 3);
  return [first!.charAt(0).toUpperCase() + first!.slice(1), ...rest].join(" · ");
}
