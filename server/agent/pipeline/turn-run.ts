import type { AgentConfig } from "../config/agent-config";
import type { Citation, Segment, SessionState, TurnCtx } from "../types";
import type { ModelMeter } from "./model-meter";
import type { Tracer } from "./trace";
import type { Understood } from "./understood";

export interface ConversationRow {
  id: string;
  workspaceId: string;
  agentId: string;
  status: string;
  /** Who speaks for the business: ai | waiting_for_human | human | resolved | closed (lib/schemas/inbox.ts). */
  owner: string;
  customer: Record<string, unknown> | null;
  turns: number;
  /** The brand's customer (customers.id) and their id in the brand's systems, when the conversation has one. */
  customerRef?: string | null;
  customerExternalId?: string | null;
}

/** The mutable state of one turn as it moves through the pipeline steps. */
export interface TurnRun {
  ctx: TurnCtx;
  config: AgentConfig;
  conversation: ConversationRow;
  turn: number;
  text: string;
  now: Date;
  session: SessionState;
  trace: Tracer;
  /** The turn's model round trips and wait, for the trace. */
  meter: ModelMeter;
  /** What the turn's one `understand` call read from the message (pipeline/understand.ts). */
  understood: Understood | null;
  /** The message's embedding, started early for a possible knowledge answer (pipeline/knowledge.ts). */
  prefetched: { text: string; embedding: Promise<{ ok: true; value: number[][] } | { ok: false; error: unknown }> } | null;
  segments: Segment[];
  transcript: { role: "customer" | "agent"; text: string }[];
  /** Set by any step that hands the conversation to a person. */
  escalation: { reason: string } | null;
  /** What output guardrails accept as stated by the system this turn. */
  grounded: { amounts: number[]; policyText: string[] };
  /** Journey name for the trace and the outcome. */
  journeyName: string | null;
  /** The journey routed to this turn, written to the conversation row for the studio's journey column and filter. */
  journeyId: string | null;
  /** A resolved/unresolved end reached this turn. */
  ended: "resolved" | "unresolved" | null;
  flags: { injection: boolean };
  /** The action hash the customer said yes to in this turn, answering the previous turn's question. */
  confirmedThisTurn: string | null;
  /** The customer's answer to last turn's confirmation question, if there was one. */
  confirmationAnswer: "yes" | "no" | null;
  /** A write the model asked for that now waits for the customer's yes (the policy's question). */
  pendingConfirmation: string | null;
  /** Knowledge chunks the reply's answers quote. */
  citations: Citation[];
}

export const say = (run: TurnRun, kind: Segment["kind"], draft: string, opts: { voiced?: boolean } = {}) => {
  if (draft.trim()) run.segments.push({ kind, draft: draft.trim(), ...(opts.voiced ? { voiced: true } : {}) });
};
