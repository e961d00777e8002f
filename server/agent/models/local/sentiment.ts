import "server-only";

import Sentiment from "sentiment";

import type { Sentiment as SentimentResult } from "../types";

const analyzer = new Sentiment();

// Frustration the AFINN lexicon misses or under-weights; each marker found pulls the score down.
const FRUSTRATION = [
  /\b(this is|that's|thats|so) (ridiculous|absurd|insane|unacceptable|a joke)\b/i,
  /\buseless\b/i,
  /\b(waste of (my )?time|fed up|sick of|had enough|worst|terrible service)\b/i,
  /!{2,}|\?!/,
];
const MARKER_WEIGHT = 0.35;
// One mildly positive word ("want" is +1 in AFINN) is not a positive customer.
const LABEL_THRESHOLD = 0.25;

function isShouting(text: string): boolean {
  const words = text.match(/\b[A-Za-z]{3,}\b/g) ?? [];
  const caps = words.filter((w) => w === w.toUpperCase());
  return caps.length >= 2 && caps.length / words.length >= 0.6;
}

export function detectSentimentLocal(text: string): SentimentResult {
  // AFINN sums word scores in -5..5; tanh squashes the sum into -1..1 with diminishing returns.
  const lexical = Math.tanh(analyzer.analyze(text).score / 5);
  const markers = FRUSTRATION.filter((re) => re.test(text)).length + (isShouting(text) ? 1 : 0);
  const score = Math.max(-1, Math.min(1, lexical - markers * MARKER_WEIGHT));
  const rounded = Math.round(score * 100) / 100;
  return { score: rounded, label: rounded <= -LABEL_THRESHOLD ? "negative" : rounded >= LABEL_THRESHOLD ? "positive" : "neutral" };
}
