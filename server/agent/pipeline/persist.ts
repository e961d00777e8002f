import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { RunSql } from "@/db/rows";
import type { StoredTraceStep } from "@/db/schema";
import { EVENTS_LOCK } from "@/server/services/handoff/record-event";
import type { StoredMessage } from "../types";
import { maskPii, maskPiiDeep } from "./mask-pii";
import type { TurnRun } from "./turn-run";

/** What the turn cost, for insights (turn_traces' columns); a silent turn (a person owns it) has none. */
export interface TurnMetrics {
  latencyMs: number | null;
  firstTextMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

const NO_METRICS: TurnMetrics = { latencyMs: null, firstTextMs: null, inputTokens: 0, outputTokens: 0, costUsd: 0 };

/**
 * Writes the turn — both messages, the trace, the session, status, owner, handoff and the events that
 * report them — in one statement, so it is atomic without a transaction of its own and costs one round
 * trip. A null status leaves status and owner as they are (a person owns the conversation). Returns the
 * messages as stored.
 */
export async function persistTurn(runSql: RunSql, run: TurnRun, reply: string, update: { status: string | null; handoff?: unknown; metrics?: TurnMetrics }): Promise<StoredMessage[]> {
  const { conversation, turn } = run;
  const metrics = update.metrics ?? NO_METRICS;
  const at = run.now.getTime();
  const stored = run.config.guardrails.maskPii ? maskPii : (t: string) => t;
  const rows: StoredMessage[] = [
    { id: randomUUID(), role: "customer", text: stored(run.text), turn, citations: [], createdAt: new Date(at).toISOString() },
    ...(reply ? [{ id: randomUUID(), role: "agent", text: stored(reply), turn, citations: run.citations, createdAt: new Date(at + 1).toISOString() }] : []),
  ];
  // The turn's steps in order, as one turn_traces row; absent input, output and decision are left out.
  const traced = run.ctx.redactPii ? maskPiiDeep : <T>(v: T) => v;
  const trace: StoredTraceStep[] = run.trace.events.map((e) => ({
    type: e.type,
    name: e.name,
    ...(e.input != null && { input: traced(e.input) }),
    ...(e.output != null && { output: traced(e.output) }),
    ...(e.decision != null && { decision: e.decision }),
    durationMs: e.durationMs,
  }));
  const handoff = update.handoff === undefined ? null : JSON.stringify(update.handoff);
  // What the conversation's event stream (server/services/handoff) carries for this turn, in order.
  const events = [
    ...rows.map((m) => ({ type: "message.created", payload: { message: { id: m.id, role: m.role, text: m.text, turn: m.turn, authorName: null, createdAt: m.createdAt } } })),
    ...(handoff ? [{ type: "conversation.handoff", payload: { owner: "waiting_for_human", status: "escalated" } }] : []),
  ];
  // The AI answered: it owns the conversation again (a resolved one reopens); a closed one stays closed.
  const owner = handoff ? "waiting_for_human" : update.status === null ? null : "ai";
  // JSON goes in as text and is cast, so neither driver re-encodes it.
  await runSql(sql`
    with new_messages as (
      insert into messages (id, workspace_id, conversation_id, turn, created_at, role, text, citations)
      select m.id, ${conversation.workspaceId}, ${conversation.id}, ${turn}, m.created_at, m.role, m.text, m.citations
      from jsonb_to_recordset(${JSON.stringify(rows.map((m) => ({ id: m.id, created_at: m.createdAt, role: m.role, text: m.text, citations: m.citations })))}::text::jsonb)
        as m(id uuid, created_at timestamptz, role text, "text" text, citations jsonb)
    ), new_events as (
      -- The workspace's event lock first (server/services/handoff/record-event.ts): ids commit in order.
      insert into conversation_events (workspace_id, conversation_id, type, payload)
      select ${conversation.workspaceId}, ${conversation.id}, e.type, e.payload
      from (select pg_advisory_xact_lock(${EVENTS_LOCK}, hashtext(${conversation.workspaceId}::text))::text as locked) l
      cross join jsonb_to_recordset(${JSON.stringify(events)}::text::jsonb) as e(type text, payload jsonb)
      where l.locked is not null
    ), new_trace as (
      insert into turn_traces (workspace_id, conversation_id, turn, events, latency_ms, first_text_ms, input_tokens, output_tokens, cost_usd)
      values (${conversation.workspaceId}, ${conversation.id}, ${turn}, ${JSON.stringify(trace)}::text::jsonb,
        ${metrics.latencyMs}::real, ${metrics.firstTextMs}::real, ${metrics.inputTokens}::int, ${metrics.outputTokens}::int, ${metrics.costUsd}::float8)
    )
    update conversations set
      state = ${JSON.stringify(run.session)}::text::jsonb,
      status = coalesce(${update.status}, status),
      owner = case when owner = 'closed' then owner else coalesce(${owner}, owner) end,
      waiting_since = case when ${owner} = 'waiting_for_human' then ${run.now.toISOString()}::timestamptz else waiting_since end,
      handed_off_at = case when ${owner} = 'waiting_for_human' then ${run.now.toISOString()}::timestamptz else handed_off_at end,
      assignee_id = case when ${owner} = 'waiting_for_human' then null else assignee_id end,
      handoff = coalesce(${handoff}::text::jsonb, handoff),
      turns = ${turn},
      journey_id = coalesce(${journeyRowId(run.journeyId)}::uuid, journey_id),
      last_message_at = ${run.now.toISOString()}::timestamptz,
      updated_at = ${run.now.toISOString()}::timestamptz
    where id = ${conversation.id}`);
  return rows;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The journey's row id for the conversation's column; a journey of a config built in code (tests) has none. */
const journeyRowId = (id: string | null) => (id && UUID.test(id) ? id : null);
