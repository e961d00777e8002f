import "server-only";

import { EMBEDDING_DIMENSIONS } from "../types";

// Shared lexical helpers for the local models: one tokenizer, one stemmer, one hashed embedding.

const STOPWORDS = new Set(
  (
    "a an the i me my mine myself we us our you your it its this that these those he she they them their " +
    "is am are was were be been being do does did done have has had having to of in on at for with from by " +
    "and or but so if as just please can could would will shall should may might must i'm im i'd i've i'll " +
    "there here what which who whom how about some any want wanted wanna like need needs get got also " +
    "tell know let show give hi hello hey thanks thank then than too very really again still now okay ok well oh um uh"
  ).split(" "),
);

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

/** Lower-cased word tokens. Emails become "#email" and anything with a digit (ids, zips, amounts) "#num". */
export function tokenize(text: string): string[] {
  const words = text.replace(EMAIL, " #email ").toLowerCase().replace(/[’‘]/g, "'").match(/[a-z0-9#]+(?:'[a-z]+)?/g) ?? [];
  return words.map((w) => (/\d/.test(w) ? "#num" : w.replace(/'s$/, "")));
}

/** Capitalised words that do not start a sentence: names and places ("Yusuf", "Austin", "Mars"). */
export function properNouns(text: string): Set<string> {
  const found = text.match(/(?<![.!?]\s*|^\s*)\b[A-Z][a-z]+\b/g) ?? [];
  return new Set(found.filter((w) => !STOPWORDS.has(w.toLowerCase())).map((w) => stem(w.toLowerCase())));
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** A deliberately small suffix stripper: enough to make "returned", "returning", "returns" agree. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || w.startsWith("#")) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ing") && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith("ed") && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith("ation") && w.length > 7) w = w.slice(0, -5);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !w.endsWith("ss") && !w.endsWith("ll")) w = w.slice(0, -1);
  if (w.endsWith("ll") && w.length > 5) w = w.slice(0, -1); // cancelled -> cancel
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Stemmed content words (stopwords removed); falls back to all tokens for all-stopword text. */
export function contentTerms(text: string): string[] {
  const tokens = tokenize(text);
  const content = tokens.filter((t) => !STOPWORDS.has(t));
  return (content.length > 0 ? content : tokens).map(stem);
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function add(vec: Float64Array, feature: string, weight: number) {
  const h = hash(feature);
  // Signed hashing keeps collisions from all pushing the same way.
  vec[h % EMBEDDING_DIMENSIONS]! += (h & 0x80000000 ? -1 : 1) * weight;
}

/** Word unigrams + bigrams + character 3-grams, hashed into EMBEDDING_DIMENSIONS and L2-normalised. */
export function embedText(text: string): number[] {
  const vec = new Float64Array(EMBEDDING_DIMENSIONS);
  const tokens = tokenize(text);
  const content = tokens.filter((t) => !STOPWORDS.has(t));
  const words = content.length > 0 ? content : tokens;
  const stems = words.map(stem);
  stems.forEach((s, i) => {
    add(vec, `w:${s}`, 1);
    if (i > 0) add(vec, `b:${stems[i - 1]} ${s}`, 0.6);
  });
  for (const w of words) {
    const padded = ` ${w} `;
    for (let i = 0; i + 3 <= padded.length; i++) add(vec, `c:${padded.slice(i, i + 3)}`, 0.25);
  }
  let norm = 0;
  for (const v of vec) norm += v * v;
  norm = Math.sqrt(norm);
  return Array.from(vec, (v) => (norm > 0 ? v / norm : 0));
}

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot; // both sides are unit vectors
}

/** Sentence split good enough for help-centre prose. */
export function splitSentences(text: string): string[] {
  // A period between digits ("$4.99") does not end a sentence.
  return (text.match(/(?:[^.!?\n]|\.(?=\d))+[.!?]*/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
}
