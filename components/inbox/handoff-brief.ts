import type { HandoffSummaryData, TraceStep } from "@/components/trace/types";

export interface HandoffBrief {
  who: string | null;
  wants: string | null;
  why: string | null;
  /** The identity a lookup tool proved (never what the customer merely typed). */
  verified: { userId: string | null; email: string | null } | null;
  /** What the AI's read tools returned, in order. */
  facts: { tool: string; args: unknown; result: unknown }[];
  tried: string[];
  /** Every decision the policy gate took, with its reason. */
  decisions: { policy: string; decision: string; reason: string | null }[];
  /** The supervisor's reading of the customer's last message (-1 very negative … 1 very positive). */
  sentiment: { score: number; label: string | null; negativeStreak: number | null } | null;
}

/** The fields the runtime stores with the summary at the handoff (server/agent/pipeline/handoff-facts.ts). */
interface StoredFacts {
  identity?: { verified?: boolean; userId?: string | null; email?: string | null };
  facts?: { tool?: string; input?: unknown; output?: unknown }[];
  gate?: { policy?: string; decision?: string; reason?: string | null }[];
  sentiment?: { score?: number; negativeStreak?: number } | null;
}

interface SessionLike {
  authenticatedUserId?: string;
  customer?: { userId?: string; email?: string };
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const text = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);

/**
 * The structured handoff summary a person reads before the transcript. It is what the runtime stored at the
 * handoff (the model's who/wants/tried/why plus identity, facts, gate decisions and sentiment read from the
 * record); a summary stored before those were recorded is completed from the session and the trace.
 */
export function computeHandoffBrief(input: { summary: unknown; state: unknown; trace: TraceStep[] }): HandoffBrief {
  const summary = record(input.summary) as HandoffSummaryData & StoredFacts;
  const session = record(input.state) as SessionLike;
  const steps = [...input.trace].sort((a, b) => a.turn - b.turn || a.seq - b.seq);

  const verified = summary.identity
    ? summary.identity.verified
      ? { userId: text(summary.identity.userId), email: text(summary.identity.email) }
      : null
    : session.authenticatedUserId !== undefined
      ? { userId: session.authenticatedUserId, email: text(session.customer?.email) }
      : null;

  const facts = Array.isArray(summary.facts)
    ? summary.facts.map((f) => ({ tool: String(f.tool ?? "tool"), args: f.input ?? null, result: f.output ?? null }))
    : steps.filter((s) => s.type === "tool" && (s.decision === "ok" || s.decision === "replayed")).map((s) => ({ tool: s.name, args: s.input ?? null, result: s.output ?? null }));

  const decisions = Array.isArray(summary.gate)
    ? summary.gate.map((g) => ({ policy: String(g.policy ?? "policy"), decision: String(g.decision ?? "unknown"), reason: text(g.reason) }))
    : steps.filter((s) => s.type === "policy" && s.decision).map((s) => ({ policy: s.name, decision: String(s.decision), reason: text(record(s.output).reason) }));

  const read = steps.filter((s) => s.type === "supervisor").map((s) => record(s.input)).filter((i) => typeof record(i.sentiment).score === "number").at(-1);
  const sentiment =
    summary.sentiment && typeof summary.sentiment.score === "number"
      ? { score: summary.sentiment.score, label: null, negativeStreak: summary.sentiment.negativeStreak ?? null }
      : read
        ? { score: record(read.sentiment).score as number, label: text(record(read.sentiment).label), negativeStreak: (record(read.counters).negativeStreak as number | undefined) ?? null }
        : null;

  return {
    who: text(summary.who),
    wants: text(summary.wants),
    why: text(summary.why) ?? text(summary.reason),
    verified,
    facts,
    tried: Array.isArray(summary.tried) ? summary.tried.filter((t): t is string => typeof t === "string") : [],
    decisions,
    sentiment,
  };
}

/** A sentiment score in words: the label the supervisor gave, else read from the score. */
export function sentimentLabel(s: { score: number; label: string | null }): string {
  if (s.label) return s.label;
  return s.score <= -0.25 ? "negative" : s.score >= 0.25 ? "positive" : "neutral";
}

/** A value in one line: an object's first few plain fields, e.g. `status: delivered, total: 42.5`. */
export function briefValue(value: unknown, max = 4): string {
  if (value === null || value === undefined) return "—";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? "" : "s"}`;
  const plain = Object.entries(value as Record<string, unknown>).filter(([, v]) => v === null || typeof v !== "object");
  const shown = plain.slice(0, max).map(([k, v]) => `${k}: ${String(v)}`);
  const count = Object.keys(value as object).length;
  const more = count - shown.length;
  return shown.length ? `${shown.join(", ")}${more > 0 ? ` (+${more} more)` : ""}` : `${count} field${count === 1 ? "" : "s"}`;
}
