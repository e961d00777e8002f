import type { LanguageModel } from "ai";
import type { Db } from "@/db/client";
import type { MemorySettings } from "@/lib/schemas/customers";
import type { HttpTool } from "@/lib/schemas/tool";
import type { AgentConfig } from "./config/agent-config";
import type { Models } from "./models/types";

/** What the pipeline needs from its caller: no HTTP, no React. */
export interface TurnCtx {
  db: Db;
  models: Models;
  /** Base URL that `{{appUrl}}` in tool URLs resolves to. */
  appUrl: string;
  /** Resolves `{{secret.NAME}}` in tool headers; secrets never enter the trace. */
  resolveSecret?: (name: string) => Promise<string | undefined>;
  /** Private hosts the workspace lets its tools call (workspaces.settings.allowedHosts); everything else must be public. */
  allowHosts?: readonly string[];
  /** The chat model's prices (US dollars per million tokens), for the turn's recorded cost; none: 0. */
  prices?: { inputPerMillion: number; outputPerMillion: number };
  /** Which facts about a customer the workspace keeps, and how long (workspaces.settings.memory); none: nothing is learned. */
  memory?: MemorySettings;
  /** The model ai_step nodes run on; without it they hand off. */
  languageModel?: LanguageModel;
  /** A release snapshot to run instead of the draft. */
  config?: AgentConfig;
  /**
   * Replaying a history the client sent (chat completions): write tools are not executed, each answers
   * as failed, because the client's history cannot prove the customer asked this conversation for them.
   */
  skipWrites?: boolean;
  /** The workspace's redaction setting: emails, phone and card numbers masked in the stored trace and tool executions. */
  redactPii?: boolean;
  /** An eval case's mocked tools (see HttpToolEnv.mockTool). */
  mockTool?: (tool: HttpTool, args: Record<string, unknown>) => Promise<unknown>;
  now?: () => Date;
}

/** A knowledge chunk an answer is grounded in: the customer sees the document and section. */
export interface Citation {
  chunkId: string;
  documentId: string;
  documentTitle: string;
  section: string;
}

export interface TraceEvent {
  type: "guardrail" | "supervisor" | "route" | "node" | "tool" | "policy" | "compose" | "escalation" | "llm" | "knowledge" | "memory";
  name: string;
  input?: unknown;
  output?: unknown;
  decision?: string | null;
  durationMs: number;
}

export interface ActiveJourney {
  id: string;
  nodeId: string;
  slots: Record<string, unknown>;
  results: Record<string, unknown>;
  attempts: Record<string, number>;
  /** What the journey waits for at `nodeId`. */
  waiting: "collect" | "confirm" | "ai" | null;
  /** Customer messages since the journey started, for slots asked later ("the keyboard" said up front). */
  texts: string[];
  /** Slot values a journey step cleared as wrong (JSON), never re-read from earlier messages. */
  rejected?: Record<string, string[]>;
}

/** The runtime session kept in conversations.state (jsonb). */
export interface SessionState {
  journey: ActiveJourney | null;
  /** Set only by a successful authentication tool result. */
  authenticatedUserId?: string;
  customer?: { userId: string; email?: string; orderIds?: string[]; /** From the verified customer's profile: what `preferred_name` memory learns. */ firstName?: string };
  /** What the agent recalled about the conversation's customer when it started (`memory.*` in templates). */
  memory?: Record<string, string>;
  /** Memory kinds this conversation kept already, with their values: a fact is kept once, not every turn. */
  learned?: Record<string, string>;
  /** The action whose details were listed, awaiting a yes. */
  confirmation?: { hash: string; tool: string; turn: number } | null;
  counters: { negativeStreak: number; failures: number; unrouted: number };
  /** Recent client idempotency keys → the turn that processed them. */
  processed: Record<string, number>;
  outcome?: { journey: string | null; result: "resolved" | "unresolved" | "escalated" } | null;
  /** Values the customer typed (order ids, emails), which replies may echo. */
  mentioned: string[];
}

export const emptySession = (): SessionState => ({
  journey: null,
  counters: { negativeStreak: 0, failures: 0, unrouted: 0 },
  processed: {},
  mentioned: [],
});

export interface Segment {
  kind: "message" | "question" | "confirmation" | "refusal" | "handoff" | "answer" | "clarify" | "resolution";
  draft: string;
  /** Already in the persona's voice (a knowledge answer the model wrote so): sent as it is, not composed again. */
  voiced?: boolean;
}

export interface TurnResult {
  conversationId: string;
  turn: number;
  reply: string;
  /** Knowledge the reply quoted (stored on the agent message). */
  citations: Citation[];
  status: string;
  journey: string | null;
  escalated: boolean;
  handoff: unknown;
  trace: TraceEvent[];
  /** True when the idempotency key was seen before and the stored reply is returned. */
  replayed: boolean;
  /** The messages this turn stored (customer, then agent); empty for a replay. */
  messages: StoredMessage[];
}

/** A message as stored (after PII masking), with its id. */
export interface StoredMessage {
  id: string;
  role: string;
  text: string;
  turn: number;
  citations: unknown[];
  createdAt: string;
}
