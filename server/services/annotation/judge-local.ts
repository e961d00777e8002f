import "server-only";
import type { AnnotationFlag, AnnotationOutcome, SentimentLabel, StoredTraceStep, UngroundedClaim } from "@/db/schema";
import { detectSentimentLocal } from "@/server/agent/models/local/sentiment";
import { contentTerms, isStopword, tokenize } from "@/server/agent/models/local/text";

// The local judge: a deterministic verdict on one conversation from what is stored about it — its status
// and handoff, its messages and their citations, its turns' traces (routes, journey steps, the gate's
// decisions, knowledge retrieval) and the tool ledger. Pure: no database, no clock, no model.

/** Everything the judge reads about one conversation, loaded in bulk by load-facts.ts. */
export interface ConversationFacts {
  id: string;
  status: string;
  endedAt: Date | null;
  handedOffAt: Date | null;
  lastMessageAt: Date | null;
  /** The journey the conversation was last routed to, by name. */
  journeyName: string | null;
  messages: { id: string; role: string; text: string; turn: number; citations: { chunkId?: string; documentTitle?: string; section?: string }[] }[];
  /** Each turn's trace steps, by turn number. */
  traces: Map<number, StoredTraceStep[]>;
  /** The text of every chunk an agent message cited, by chunk id (absent when it is no longer stored). */
  chunkText: Map<string, string>;
}

export interface Verdict {
  outcome: AnnotationOutcome;
  sentiment: number;
  sentimentLabel: SentimentLabel;
  topic: string;
  flags: AnnotationFlag[];
  ungrounded: UngroundedClaim[];
  rationales: Record<"outcome" | "sentiment" | "topic" | "flags" | "ungrounded", string>;
}

/**
 * An agent sentence is grounded when at least this share of its content words appear in the best
 * chunk it cites. Extractive answers score near 1; a sentence that adds a fact the chunk does not
 * state (a price, a time limit, a promise) falls under half.
 */
export const GROUNDING_SUPPORT_THRESHOLD = 0.5;
/** Sentences with fewer content words than this (greetings, "Happy to help!") are not claims. */
const MIN_CLAIM_TERMS = 4;
/** The customer's mean sentiment at or past ±this is negative / positive (as the runtime's lexicon labels a message). */
const SENTIMENT_LABEL_AT = 0.25;

/** The actions a write tool performs, as a customer and an agent word them. */
const ACTIONS = [
  { action: "refund", tool: /refund/i },
  { action: "cancel", tool: /cancel/i },
  { action: "return", tool: /return/i },
  { action: "exchange", tool: /exchange/i },
] as const;
type Action = (typeof ACTIONS)[number]["action"];

// "has been cancelled", "I've refunded", "we processed your return": the action happened.
const CLAIM = {
  refund: /\b(?:(?:has|have|was|were|is)\s+(?:now\s+|been\s+)*(?:refunded|issued)|(?:i|we)(?:'ve| have)?\s+(?:just\s+|now\s+|already\s+)?(?:refunded|issued (?:a|your|the) refund)|refund (?:has been|was|is) (?:issued|processed|on its way))\b/i,
  cancel: /\b(?:(?:has|have|was|were|is)\s+(?:now\s+|been\s+)*cancel+ed|(?:i|we)(?:'ve| have)?\s+(?:just\s+|now\s+|already\s+)?cancel+ed)\b/i,
  return: /\b(?:return (?:has been|was|is) (?:processed|accepted|approved|started)|(?:i|we)(?:'ve| have)?\s+(?:just\s+|now\s+|already\s+)?(?:processed|started|approved) (?:the|your) return)\b/i,
  exchange: /\b(?:exchange (?:has been|was|is) (?:processed|placed|approved|started)|(?:i|we)(?:'ve| have)?\s+(?:just\s+|now\s+|already\s+)?(?:processed|placed|approved|exchanged))\b/i,
} satisfies Record<Action, RegExp>;
// "I'll refund you", "we will cancel it", "you'll get a full refund": a promise of the action.
const PROMISE = {
  refund: /\b(?:(?:i|we)(?:'ll| will)\s+(?:go ahead and\s+|make sure (?:to|we)\s+)?(?:refund|issue (?:a|your|the|you a) (?:full )?refund)|you(?:'ll| will) (?:get|receive) (?:a|your) (?:full )?refund)\b/i,
  cancel: /\b(?:i|we)(?:'ll| will)\s+(?:go ahead and\s+)?cancel\b/i,
  return: /\b(?:i|we)(?:'ll| will)\s+(?:go ahead and\s+)?(?:process|accept|approve|start) (?:the|your) return\b/i,
  exchange: /\b(?:i|we)(?:'ll| will)\s+(?:go ahead and\s+)?(?:exchange|process (?:the|your) exchange|swap)\b/i,
} satisfies Record<Action, RegExp>;
const NEGATED = /\b(?:not|n't|never|cannot|unable|no longer)\b/i;

export function judgeConversation(f: ConversationFacts, now: Date): Verdict {
  const outcome = judgeOutcome(f, now);
  const sentiment = judgeSentiment(f);
  const topic = judgeTopic(f);
  const flags = judgeFlags(f);
  const ungrounded = judgeGrounding(f);
  return {
    outcome: outcome.value,
    sentiment: sentiment.score,
    sentimentLabel: sentiment.label,
    topic: topic.value,
    flags: flags.flags,
    ungrounded: ungrounded.claims,
    rationales: { outcome: outcome.why, sentiment: sentiment.why, topic: topic.why, flags: flags.why, ungrounded: ungrounded.why },
  };
}

const steps = (f: ConversationFacts) => [...f.traces.entries()].sort(([a], [b]) => a - b).flatMap(([turn, events]) => events.map((e) => ({ turn, ...e })));
const clip = (text: string, n = 60) => (text.length > n ? `${text.slice(0, n - 1).trimEnd()}…` : text);

function judgeOutcome(f: ConversationFacts, now: Date): { value: AnnotationOutcome; why: string } {
  if (f.status === "escalated" || f.handedOffAt) return { value: "escalated", why: f.handedOffAt ? "handed to a person" : "the conversation's status is escalated" };
  if (f.status === "abandoned") return { value: "abandoned", why: "the conversation was marked abandoned" };
  // The last journey end the trace records says whether the customer got what they came for.
  const end = steps(f)
    .filter((s) => s.type === "node" && s.decision === "end")
    .at(-1);
  const endOutcome = (end?.output as { outcome?: string } | undefined)?.outcome;
  if (f.status === "resolved") {
    return endOutcome === "unresolved"
      ? { value: "unresolved", why: `closed as resolved, but the journey ended unresolved at "${end!.name}"` }
      : { value: "resolved", why: end ? `the journey ended resolved at "${end.name}"` : "the conversation's status is resolved" };
  }
  if (endOutcome === "resolved" || endOutcome === "unresolved") return { value: endOutcome, why: `the journey ended ${endOutcome} at "${end!.name}"` };
  const last = f.messages.at(-1);
  const idleMin = f.lastMessageAt ? Math.round((now.getTime() - f.lastMessageAt.getTime()) / 60_000) : null;
  const idle = idleMin === null ? "" : ` and then nothing for ${idleMin} min`;
  if (!last || last.role === "customer") return { value: "abandoned", why: `the customer's last message went unanswered${idle}` };
  if (/\?\s*$/.test(last.text)) return { value: "abandoned", why: `the agent asked "${clip(last.text, 50)}" and the customer never answered${idle}` };
  const answered = steps(f).filter((s) => s.type === "knowledge").at(-1);
  if (answered?.decision === "grounded" && answered.turn === last.turn) return { value: "resolved", why: "the last question got a grounded knowledge answer and the customer did not come back" };
  return { value: "unresolved", why: `open with no journey end or answer reached${idle}` };
}

function judgeSentiment(f: ConversationFacts): { score: number; label: SentimentLabel; why: string } {
  const said = f.messages.filter((m) => m.role === "customer");
  if (said.length === 0) return { score: 0, label: "neutral", why: "the customer said nothing" };
  const scored = said.map((m) => ({ text: m.text, score: detectSentimentLocal(m.text).score }));
  const mean = Math.round((scored.reduce((a, s) => a + s.score, 0) / scored.length) * 100) / 100;
  const label: SentimentLabel = mean <= -SENTIMENT_LABEL_AT ? "negative" : mean >= SENTIMENT_LABEL_AT ? "positive" : "neutral";
  const extreme = [...scored].sort((a, b) => (label === "positive" ? b.score - a.score : a.score - b.score))[0]!;
  const of = `mean of ${said.length} customer message${said.length === 1 ? "" : "s"}`;
  return { score: mean, label, why: label === "neutral" ? `${of}, none strongly worded` : `${of}; most ${label}: "${clip(extreme.text, 50)}"` };
}

function judgeTopic(f: ConversationFacts): { value: string; why: string } {
  if (f.journeyName) return { value: f.journeyName, why: "the journey the conversation reached" };
  const cited = new Map<string, number>();
  for (const m of f.messages) for (const c of m.role === "agent" ? m.citations : []) if (c.documentTitle) cited.set(c.documentTitle, (cited.get(c.documentTitle) ?? 0) + 1);
  const top = [...cited.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (top) return { value: top[0], why: `the knowledge document the agent cited${top[1] > 1 ? ` ${top[1]} times` : ""}` };
  const first = f.messages.find((m) => m.role === "customer");
  const words = first ? keywords(first.text) : [];
  if (words.length === 0) return { value: "other", why: first ? "the first message has no content words" : "the customer said nothing" };
  return { value: words.join(" "), why: `keywords of the first message: "${clip(first!.text, 50)}"` };
}

/** Up to three content words of a message, in order, once each: a short, stable label. */
function keywords(text: string): string[] {
  const out: string[] = [];
  for (const w of tokenize(text)) {
    if (w.startsWith("#") || w.length < 3 || isStopword(w) || out.includes(w)) continue;
    out.push(w);
    if (out.length === 3) break;
  }
  return out;
}

function actionOf(tool: string): Action | null {
  return ACTIONS.find((a) => a.tool.test(tool))?.action ?? null;
}

/** The action an agent sentence says happened ("claim") or will happen ("promise"), if any. */
function statedAction(sentence: string): { action: Action; kind: "claim" | "promise" } | null {
  for (const { action } of ACTIONS) {
    for (const [kind, re] of [["claim", CLAIM[action]], ["promise", PROMISE[action]]] as const) {
      const m = re.exec(sentence);
      // "has not been cancelled", "I can't refund": a refusal, not a claim.
      if (m && !NEGATED.test(sentence.slice(0, m.index + m[0].length))) return { action, kind };
    }
  }
  return null;
}

function judgeFlags(f: ConversationFacts): { flags: AnnotationFlag[]; why: string } {
  const decisions = steps(f)
    .filter((s) => s.type === "policy")
    .map((s) => ({ turn: s.turn, action: actionOf(String((s.input as { tool?: string } | undefined)?.tool ?? s.name)), decision: s.decision ?? "" }));
  const flags: AnnotationFlag[] = [];
  for (const m of f.messages) {
    if (m.role !== "agent") continue;
    for (const sentence of sentences(m.text)) {
      const stated = statedAction(sentence);
      if (!stated) continue;
      const before = decisions.filter((d) => d.turn <= m.turn && d.action === stated.action);
      const denied = before.filter((d) => d.decision === "deny").at(-1);
      const allowed = before.some((d) => d.decision === "allow");
      if (denied && !before.some((d) => d.decision === "allow" && d.turn > denied.turn)) {
        flags.push({ kind: "talked_around_denial", messageId: m.id, rationale: `the gate denied the ${stated.action} in turn ${denied.turn}, then the agent said "${clip(sentence)}"` });
      } else if (!allowed) {
        flags.push({ kind: "unallowed_promise", messageId: m.id, rationale: `the agent ${stated.kind === "claim" ? "said it did" : "promised"} a ${stated.action} no allowed decision backs: "${clip(sentence)}"` });
      }
      break; // one flag per message
    }
  }
  const writes = decisions.filter((d) => d.action !== null).length;
  const why =
    flags.length === 0
      ? writes === 0
        ? "no write was checked by the gate and the agent promised none"
        : `every refund, cancel, return or exchange the agent stated has an allowed decision behind it (${writes} checked)`
      : `${flags.length} statement${flags.length === 1 ? "" : "s"} the gate's decisions do not back`;
  return { flags, why };
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Share of the sentence's content words the chunk contains (0..1). */
export function supportOf(sentence: string, chunk: string): number {
  const claim = new Set(contentTerms(sentence));
  if (claim.size === 0) return 1;
  const source = new Set(contentTerms(chunk));
  let hit = 0;
  for (const t of claim) if (source.has(t)) hit++;
  return hit / claim.size;
}

function judgeGrounding(f: ConversationFacts): { claims: UngroundedClaim[]; why: string } {
  const claims: UngroundedClaim[] = [];
  let checked = 0;
  let missing = 0;
  for (const m of f.messages) {
    if (m.role !== "agent" || m.citations.length === 0) continue;
    const sources = m.citations.flatMap((c) => (c.chunkId && f.chunkText.has(c.chunkId) ? [f.chunkText.get(c.chunkId)!] : []));
    if (sources.length === 0) {
      missing++;
      continue;
    }
    for (const sentence of sentences(m.text)) {
      if (new Set(contentTerms(sentence)).size < MIN_CLAIM_TERMS) continue;
      checked++;
      const support = Math.max(...sources.map((s) => supportOf(sentence, s)));
      if (support < GROUNDING_SUPPORT_THRESHOLD) claims.push({ messageId: m.id, claim: clip(sentence, 200), support: Math.round(support * 100) / 100 });
    }
  }
  const gone = missing ? ` (${missing} answer${missing === 1 ? "" : "s"} cite chunks no longer stored)` : "";
  const why =
    checked === 0
      ? `no knowledge answer to check${gone}`
      : claims.length === 0
        ? `all ${checked} sentences of knowledge answers share ≥ ${GROUNDING_SUPPORT_THRESHOLD * 100}% of their words with a cited chunk${gone}`
        : `${claims.length} of ${checked} sentences share < ${GROUNDING_SUPPORT_THRESHOLD * 100}% of their words with any chunk they cite${gone}`;
  return { claims, why };
}
