import "server-only";

import type { ComposeInput } from "../types";

// Neutral stand-ins for words a brand avoids; anything not listed is dropped.
const ALTERNATIVES: Record<string, string> = {
  problem: "concern",
  problems: "concerns",
  cheap: "affordable",
  "can't": "cannot",
  impossible: "not possible",
  policy: "guidelines",
  customer: "you",
  complaint: "feedback",
  buy: "order",
  purchase: "order",
};

// Whole sentences that carry no information; the concise tone leaves them out.
const PLEASANTRIES = /^(sure|great|of course|absolutely|certainly|no problem|happy to help|thanks( so much)? for (reaching out|contacting us|your patience)|thank you( so much)?( for (reaching out|contacting us|your patience))?|i('d| would) be (happy|glad) to help( with that)?)[.!]*$/i;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function avoidWords(text: string, words: string[]): string {
  let out = text;
  for (const word of words) {
    const alternative = ALTERNATIVES[word.toLowerCase()] ?? "";
    out = out.replace(new RegExp(`(?<![\\w'])${escape(word)}(?![\\w'])`, "gi"), (m) =>
      alternative && m[0] === m[0]!.toUpperCase() ? alternative[0]!.toUpperCase() + alternative.slice(1) : alternative,
    );
  }
  // Tidy what dropping words leaves behind: doubled spaces, a space before punctuation, a leading comma.
  out = out.replace(/ {2,}/g, " ").replace(/ ([,.!?;:])/g, "$1").replace(/(^|[.!?])\s*[,;:]\s*/g, "$1 ").trim();
  // Re-capitalise a sentence whose first word was dropped.
  return out.replace(/(^|[.!?]\s+)([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}

function stripPleasantries(text: string): string {
  const sentences = text.match(/[^.!?]+[.!?]*\s*/g) ?? [text];
  const kept = sentences.filter((s) => !PLEASANTRIES.test(s.trim()));
  return (kept.length > 0 ? kept.join("") : text).trim();
}

/** Applies the persona to an already-filled draft. Never adds facts: only tone touches and the sign-off. */
export function composeReplyLocal({ persona, draft, kind }: ComposeInput): string {
  let text = draft.trim();
  if (persona.tone === "concise") text = stripPleasantries(text);
  if (persona.wordsToAvoid?.length) text = avoidWords(text, persona.wordsToAvoid);
  if (kind === "resolution") {
    // Not after a question: "What else can I do? Happy to help." reads oddly.
    if (persona.tone === "friendly" && !/happy to help/i.test(text) && !text.trimEnd().endsWith("?")) text = `${text} Happy to help.`;
    if (persona.tone === "playful") text = text.replace(/\.$/, "!");
    if (persona.signOff) text = `${text}\n\n${persona.signOff.trim()}`;
  }
  return text;
}
