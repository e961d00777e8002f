import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { addDays } from "@/lib/schemas/insights";
import { BASELINE_DAYS, DEFAULT_THRESHOLD } from "@/server/services/alerts/baseline";
import { checkAnomalies, utcDay } from "@/server/services/alerts/check-anomalies";
import { DEFAULT_MIN_VOLUME } from "@/server/services/alerts/run-anomalies-job";
import { recomputeTopics } from "@/server/services/topics/recompute-topics";

/** Conversations the demo's busy day gains: a share of the history, about two more days' worth. */
const BUSY_DAY_SHARE = 1 / 8;

/**
 * The demo's topics and alerts over its simulated history. A busy day first: two days ago, customers
 * who asked the help centre's questions (journeys do not handle them) came in a wave — some of the
 * simulated conversations of the days before, evenly spread over them, are moved to that day, whole (messages, traces, tool calls
 * and events keep their times relative to the conversation), as the simulator places every conversation
 * at a moment of its own. Then the topics job and the anomaly check run over what exists: the history
 * is shorter than the 28-day baseline, so the check uses the days there are (at least 7), and the
 * Alerts page says so. Returns what it did, for the seed's log and its test.
 */
export async function seedDemoSignals(db: Db, input: { workspaceId: string; agentId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const busyDay = addDays(utcDay(now), -2);
  const [{ total } = { total: 0 }] = rowsOf<{ total: number }>(
    await db.execute(sql`select count(*)::int as total from conversations where agent_id = ${input.agentId} and workspace_id = ${input.workspaceId} and channel <> 'eval'`),
  );
  const wanted = Math.round(total * BUSY_DAY_SHARE);
  const moved = wanted === 0 ? [] : await moveToDay(db, { ...input, day: busyDay, count: wanted });
  const topics = await recomputeTopics(db, { workspaceId: input.workspaceId, agentId: input.agentId, now });
  const alerts = await checkAnomalies(db, { workspaceId: input.workspaceId, agentId: input.agentId, days: BASELINE_DAYS, threshold: DEFAULT_THRESHOLD, minVolume: DEFAULT_MIN_VOLUME, now });
  return { busyDay, moved: moved.length, topics: topics.topics, alerts: alerts.created.length };
}

/**
 * Moves up to `count` conversations that never reached a journey, started before `day` and evenly spread
 * over those days (so no day before it loses much), to the same time of day on `day`.
 */
async function moveToDay(db: Db, q: { workspaceId: string; agentId: string; day: string; count: number }): Promise<string[]> {
  const candidates = rowsOf<{ id: string; shift_days: number }>(
    await db.execute(sql`
      select id, (${q.day}::date - (created_at at time zone 'UTC')::date)::int as shift_days from conversations
      where workspace_id = ${q.workspaceId} and agent_id = ${q.agentId} and channel <> 'eval' and journey_id is null
        and created_at < ${q.day}::timestamptz
      order by created_at, id`),
  );
  const step = candidates.length / Math.min(q.count, candidates.length);
  const picked = Array.from({ length: Math.min(q.count, candidates.length) }, (_, i) => candidates[Math.floor(i * step)]!);
  const shift = (columns: string[]) => sql.join(columns.map((c) => sql`${sql.identifier(c)} = ${sql.identifier(c)} + make_interval(days => m.shift_days)`), sql`, `);
  const ids = sql`(select id, shift_days from jsonb_to_recordset(${JSON.stringify(picked)}::jsonb) as x(id uuid, shift_days int))`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`update conversations c set ${shift(["created_at", "updated_at", "last_message_at", "ended_at", "waiting_since", "handed_off_at", "claimed_at", "first_human_reply_at"])} from ${ids} m where c.id = m.id`);
    await tx.execute(sql`update messages t set ${shift(["created_at"])} from ${ids} m where t.conversation_id = m.id`);
    await tx.execute(sql`update turn_traces t set ${shift(["created_at"])} from ${ids} m where t.conversation_id = m.id`);
    await tx.execute(sql`update tool_executions t set ${shift(["created_at", "completed_at", "lease_expires_at"])} from ${ids} m where t.conversation_id = m.id`);
    await tx.execute(sql`update conversation_events t set ${shift(["created_at"])} from ${ids} m where t.conversation_id = m.id`);
  });
  return picked.map((p) => p.id);
}
