import type { StoredTraceStep } from "@/db/schema";

/** One trace step as the timeline reads it: a step of a stored `turn_traces` row (its position is `seq`) or of a live `data-turn` event. */
export type TraceStep = StoredTraceStep & { turn: number; seq: number };

export interface ToolExecutionRow {
  id: string;
  tool: string;
  idempotencyKey: string;
  args: unknown;
  status: string;
  result?: unknown;
  error?: string | null;
  durationMs?: number | null;
  createdAt: Date | string;
}

export interface HandoffSummaryData {
  who?: string;
  wants?: string;
  tried?: string[];
  why?: string;
  reason?: string;
  at?: string;
}

/** The turn a tool execution belongs to, from its idempotency key (`<conversation>:<turn>:<hash>[:decision]`). */
export function executionTurn(key: string): number | null {
  const turn = Number(key.split(":")[1]);
  return Number.isInteger(turn) ? turn : null;
}
