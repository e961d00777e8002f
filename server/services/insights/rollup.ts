import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";

/*
 * Conversation facts and their hourly / daily rollups (README "Rollups"). Triggers on conversations and
 * turn_traces queue every conversation whose numbers may have changed in `insights_pending`; `foldPending`
 * recomputes those conversations' facts (one row each, from the conversation and its traces) and then
 * re-rolls every hour and UTC day they fall in from the facts — the whole bucket, so a re-roll is
 * idempotent and a late event (CSAT, a reviewer's outcome, a handoff resolving) simply re-rolls its bucket.
 * Erased conversations (server/services/privacy) are rolled up from their aggregates with the facts.
 */

/** One transaction at a time folds the queue (the job, a dashboard catching up, a rebuild): buckets are re-rolled whole. */
const LOCK = sql`select pg_advisory_xact_lock(hashtext('insights.rollup'))`;

/** The facts of the conversations in `ids`, upserted from the conversations and their turn traces. */
function upsertFacts(ids: SQL): SQL {
  return sql`
    insert into conversation_facts (conversation_id, workspace_id, agent_id, started_at, ended_at, channel, status, release_id, release_number,
      journey_id, handed_off, handoff_reason, csat, turns, tool_calls, tool_errors, guardrail_blocks, injection_flags, knowledge_searches,
      knowledge_not_grounded, policy, turn_latencies, first_reply_ms, first_text_ms, traced_turns, input_tokens, output_tokens, cost_usd, updated_at)
    select c.id, c.workspace_id, c.agent_id, c.created_at, c.ended_at, c.channel, c.status, c.release_id, c.release_number,
      c.journey_id, c.handed_off_at is not null, c.handoff->>'reason', c.csat, c.turns,
      coalesce(s.tool_calls, 0), coalesce(s.tool_errors, 0), coalesce(s.guardrail_blocks, 0), coalesce(s.injection_flags, 0),
      coalesce(s.knowledge_searches, 0), coalesce(s.knowledge_not_grounded, 0), coalesce(p.policy, '{}'::jsonb),
      coalesce(t.turn_latencies, '{}'), t.first_reply_ms, coalesce(t.first_text_ms, '{}'), coalesce(t.traced_turns, 0),
      coalesce(t.input_tokens, 0), coalesce(t.output_tokens, 0), coalesce(t.cost_usd, 0), now()
    from conversations c
    left join lateral (
      select array_agg(tt.latency_ms order by tt.turn) filter (where tt.latency_ms is not null) as turn_latencies,
        min(tt.latency_ms) filter (where tt.turn = 1) as first_reply_ms,
        array_agg(tt.first_text_ms order by tt.turn) filter (where tt.first_text_ms is not null) as first_text_ms,
        count(*)::int as traced_turns, sum(tt.input_tokens)::bigint as input_tokens, sum(tt.output_tokens)::bigint as output_tokens,
        sum(tt.cost_usd)::float8 as cost_usd
      from turn_traces tt where tt.conversation_id = c.id and tt.workspace_id = c.workspace_id
    ) t on true
    left join lateral (
      select count(*) filter (where e.step->>'type' = 'tool' and e.step->>'decision' is distinct from 'skipped')::int as tool_calls,
        count(*) filter (where e.step->>'type' = 'tool' and e.step->>'decision' = 'error')::int as tool_errors,
        count(*) filter (where e.step->>'type' = 'guardrail' and e.step->>'decision' = 'blocked')::int as guardrail_blocks,
        count(*) filter (where e.step->>'type' = 'guardrail' and e.step->>'decision' = 'flagged')::int as injection_flags,
        count(*) filter (where e.step->>'type' = 'knowledge')::int as knowledge_searches,
        count(*) filter (where e.step->>'type' = 'knowledge' and e.step->>'decision' = 'not grounded')::int as knowledge_not_grounded
      from turn_traces tt cross join lateral jsonb_array_elements(tt.events) as e(step)
      where tt.conversation_id = c.id and tt.workspace_id = c.workspace_id and e.step->>'type' in ('tool', 'guardrail', 'knowledge')
    ) s on true
    left join lateral (
      select jsonb_object_agg(k, n) as policy from (
        select jsonb_build_array(e.step->>'name', e.step->'output'->>'ruleId', e.step->>'decision')::text as k, count(*)::int as n
        from turn_traces tt cross join lateral jsonb_array_elements(tt.events) as e(step)
        where tt.conversation_id = c.id and tt.workspace_id = c.workspace_id and e.step->>'type' = 'policy'
          and e.step->>'decision' in ('allow', 'deny', 'require_confirmation', 'escalate')
        group by 1
      ) k
    ) p on true
    where c.id in (${ids})
    on conflict (conversation_id) do update set
      workspace_id = excluded.workspace_id, agent_id = excluded.agent_id, started_at = excluded.started_at, ended_at = excluded.ended_at,
      channel = excluded.channel, status = excluded.status, release_id = excluded.release_id, release_number = excluded.release_number,
      journey_id = excluded.journey_id, handed_off = excluded.handed_off, handoff_reason = excluded.handoff_reason, csat = excluded.csat,
      turns = excluded.turns, tool_calls = excluded.tool_calls, tool_errors = excluded.tool_errors, guardrail_blocks = excluded.guardrail_blocks,
      injection_flags = excluded.injection_flags, knowledge_searches = excluded.knowledge_searches,
      knowledge_not_grounded = excluded.knowledge_not_grounded, policy = excluded.policy, turn_latencies = excluded.turn_latencies,
      first_reply_ms = excluded.first_reply_ms, first_text_ms = excluded.first_text_ms, traced_turns = excluded.traced_turns,
      input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost_usd = excluded.cost_usd, updated_at = excluded.updated_at`;
}

/**
 * Facts shaped as rollup rows (one per conversation, plus the erased conversations' aggregate groups and
 * their trace steps), with `created_at` the row's start: the source the rollups are summed from, and what
 * a dashboard reads when its time zone does not fall on whole hours. `scope` filters the three parts.
 */
export function factRows(scope: { workspaceId?: string; agentId?: string } = {}): SQL {
  const where = (w: string, a: string) =>
    sql.join([sql`true`, ...(scope.workspaceId ? [sql`${sql.raw(w)} = ${scope.workspaceId}`] : []), ...(scope.agentId ? [sql`${sql.raw(a)} = ${scope.agentId}`] : [])], sql` and `);
  const z = sql`0, 0, 0, 0, 0, 0, 0, 0, 0::bigint`;
  return sql`(
    select f.workspace_id, f.agent_id, f.started_at as created_at, f.channel, f.release_number, f.journey_id,
      1 as conversations, (f.status = 'resolved')::int as resolved, (f.status = 'resolved' and not f.handed_off)::int as contained,
      (f.status = 'escalated')::int as escalated, (f.status = 'abandoned')::int as abandoned, (f.status = 'open')::int as open,
      f.handed_off::int as handed_off, (f.csat is not null)::int as csat_count, coalesce(f.csat, 0)::bigint as csat_sum, array[f.turns] as turns,
      f.tool_calls, f.tool_errors, f.guardrail_blocks, f.injection_flags, f.knowledge_searches, f.knowledge_not_grounded, f.policy,
      case when f.status = 'escalated' then jsonb_build_object(jsonb_build_array(f.handoff_reason)::text, 1) else '{}'::jsonb end as escalation_reasons,
      f.turn_latencies, case when f.first_reply_ms is null then '{}'::real[] else array[f.first_reply_ms] end as first_reply_ms, f.first_text_ms,
      f.traced_turns, f.input_tokens, f.output_tokens, f.cost_usd
    from conversation_facts f where ${where("f.workspace_id", "f.agent_id")}
    union all
    select s.workspace_id, s.agent_id, s.bucket_start, s.channel, s.release_number, s.journey_id,
      s.conversations, s.conversations * (s.status = 'resolved')::int, s.conversations * (s.status = 'resolved' and not s.handed_off)::int,
      s.conversations * (s.status = 'escalated')::int, s.conversations * (s.status = 'abandoned')::int, s.conversations * (s.status = 'open')::int,
      s.conversations * s.handed_off::int, case when s.csat is null then 0 else s.conversations end, s.conversations::bigint * coalesce(s.csat, 0),
      array_fill(s.turns, array[s.conversations]), 0, 0, 0, 0, 0, 0, '{}'::jsonb,
      case when s.status = 'escalated' then jsonb_build_object(jsonb_build_array(s.handoff_reason)::text, s.conversations) else '{}'::jsonb end,
      '{}'::real[], '{}'::real[], '{}'::real[], 0, 0::bigint, 0::bigint, 0::float8
    from erased_conversation_stats s where ${where("s.workspace_id", "s.agent_id")}
    union all
    select e.workspace_id, e.agent_id, e.bucket_start, e.channel, e.release_number, e.journey_id, ${z}, '{}'::int[],
      case when e.type = 'tool' and e.decision is distinct from 'skipped' then e.steps else 0 end,
      case when e.type = 'tool' and e.decision = 'error' then e.steps else 0 end,
      case when e.type = 'guardrail' and e.decision = 'blocked' then e.steps else 0 end,
      case when e.type = 'guardrail' and e.decision = 'flagged' then e.steps else 0 end,
      case when e.type = 'knowledge' then e.steps else 0 end,
      case when e.type = 'knowledge' and e.decision = 'not grounded' then e.steps else 0 end,
      case when e.type = 'policy' and e.decision in ('allow', 'deny', 'require_confirmation', 'escalate')
        then jsonb_build_object(jsonb_build_array(e.name, e.rule_id, e.decision)::text, e.steps) else '{}'::jsonb end,
      '{}'::jsonb, '{}'::real[], '{}'::real[], '{}'::real[], 0, 0::bigint, 0::bigint, 0::float8
    from erased_trace_steps e where ${where("e.workspace_id", "e.agent_id")}
  )`;
}

/** A rollup row's counters summed over its rows (shaped as factRows); jsonb counters are merged apart (keyedSums). */
const summed = [
  "conversations", "resolved", "contained", "escalated", "abandoned", "open", "handed_off", "csat_count", "csat_sum", "turns", "tool_calls",
  "tool_errors", "guardrail_blocks", "injection_flags", "knowledge_searches", "knowledge_not_grounded", "turn_latencies", "first_reply_ms",
  "first_text_ms", "traced_turns", "input_tokens", "output_tokens", "cost_usd",
] as const;
const arrays = new Set(["turns", "turn_latencies", "first_reply_ms", "first_text_ms"]);
const sums = sql.raw(
  summed.map((c) => (arrays.has(c) ? `coalesce(insights_array_cat(${c}), '{}') as ${c}` : `sum(${c})${c === "cost_usd" ? "::float8" : c.endsWith("_sum") || c.endsWith("tokens") ? "::bigint" : "::int"} as ${c}`)).join(", "),
);
/** A jsonb counter column of `src` merged per group: each key's counts summed. */
const keyedSums = (column: string) => sql`(
  select workspace_id, agent_id, bk, gk, jsonb_object_agg(k, n) as merged from (
    select s.workspace_id, s.agent_id, s.bk, s.gk, e.key as k, sum(e.value::bigint) as n
    from src s cross join lateral jsonb_each_text(s.${sql.raw(column)}) as e(key, value) group by 1, 2, 3, 4, 5
  ) x group by 1, 2, 3, 4)`;
const rollupColumns = sql.raw(`workspace_id, agent_id, grain, bucket_start, channel, release_number, journey_id, ${summed.join(", ")}, policy, escalation_reasons`);

/** Starts collecting the buckets (agent, UTC hour) a transaction re-rolls, in the temporary table `insights_buckets`. */
async function startBuckets(tx: Db) {
  await tx.execute(sql`create temporary table if not exists insights_buckets (workspace_id uuid, agent_id uuid, hour timestamptz) on commit drop`);
  await tx.execute(sql`truncate insights_buckets`);
}

/** Adds the buckets of `rows` (workspace_id, agent_id, started_at). */
async function addBuckets(tx: Db, rows: SQL) {
  await tx.execute(sql`insert into insights_buckets select distinct b.workspace_id, b.agent_id, date_trunc('hour', b.started_at, 'UTC')
    from (${rows}) b where b.started_at is not null and b.agent_id is not null`);
}

/** Re-rolls every collected bucket, both grains, from the facts: the bucket's rows are deleted and summed again. */
async function rerollBuckets(tx: Db) {
  // A temporary table has no statistics until analyzed: without them a month of buckets is joined by nested loops.
  await tx.execute(sql`analyze insights_buckets`);
  for (const grain of ["hour", "day"] as const) {
    const bucket = grain === "hour" ? sql`date_trunc('hour', r.created_at, 'UTC')` : sql`date_trunc('day', r.created_at, 'UTC')`;
    // An agent deleted meanwhile has nothing to roll up (and its rows went with it).
    const keys = sql`(select distinct k.workspace_id, k.agent_id, ${sql.raw(grain === "hour" ? "k.hour" : "date_trunc('day', k.hour, 'UTC')")} as b,
        ${sql.raw(grain === "hour" ? "k.hour + interval '1 hour'" : "date_trunc('day', k.hour, 'UTC') + interval '1 day'")} as e
      from insights_buckets k join agents a on a.id = k.agent_id and a.workspace_id = k.workspace_id)`;
    await tx.execute(sql`delete from insights_rollups x using ${keys} k
      where x.workspace_id = k.workspace_id and x.agent_id = k.agent_id and x.grain = ${grain} and x.bucket_start = k.b`);
    // Each agent's facts over the span of its buckets (an index range), then only those in the buckets;
    // `gk` names the group (channel, release, journey) so the merged jsonb counters join back to it.
    // A day is summed from its hours, re-rolled just before (every hour row is always up to date with the facts).
    const rows = grain === "hour" ? factRows() : sql`(select h.*, h.bucket_start as created_at from insights_rollups h where h.grain = 'hour')`;
    await tx.execute(sql`with src as materialized (
        select r.*, ${bucket} as bk, concat_ws('|', r.channel, r.release_number::text, r.journey_id::text) as gk
        from ${rows} r
        join (select workspace_id, agent_id, min(b) as lo, max(e) as hi from ${keys} k group by 1, 2) span
          on span.workspace_id = r.workspace_id and span.agent_id = r.agent_id and r.created_at >= span.lo and r.created_at < span.hi
        where (r.workspace_id, r.agent_id, ${bucket}) in (select workspace_id, agent_id, b from ${keys} k)),
      base as (
        select workspace_id, agent_id, bk, gk, channel, release_number, journey_id, ${sums}
        from src group by workspace_id, agent_id, bk, gk, channel, release_number, journey_id)
      insert into insights_rollups (${rollupColumns})
      select b.workspace_id, b.agent_id, ${grain}, b.bk, b.channel, b.release_number, b.journey_id, ${sql.raw(summed.map((c) => `b.${c}`).join(", "))},
        coalesce(p.merged, '{}'::jsonb), coalesce(e.merged, '{}'::jsonb)
      from base b
      left join ${keyedSums("policy")} p on p.workspace_id = b.workspace_id and p.agent_id = b.agent_id and p.bk = b.bk and p.gk = b.gk
      left join ${keyedSums("escalation_reasons")} e on e.workspace_id = b.workspace_id and e.agent_id = b.agent_id and e.bk = b.bk and e.gk = b.gk`);
  }
}

/**
 * Folds up to `limit` queued conversations (of one agent, or any) into their facts and rollups, in one
 * transaction; returns how many it folded (0: the queue is empty).
 */
export async function foldPending(db: Db, opts: { agentId?: string; limit?: number } = {}): Promise<number> {
  const limit = opts.limit ?? 5000;
  return db.transaction(async (tx) => {
    await tx.execute(LOCK);
    // Traces queue their conversation without its agent: read it from the conversation (gone: nothing to do).
    await tx.execute(sql`update insights_pending p set agent_id = c.agent_id, started_at = c.created_at
      from conversations c where p.agent_id is null and c.id = p.conversation_id and c.workspace_id = p.workspace_id`);
    await tx.execute(sql`delete from insights_pending where agent_id is null`);
    await tx.execute(sql`create temporary table if not exists insights_taken (conversation_id uuid primary key, workspace_id uuid, agent_id uuid, started_at timestamptz) on commit drop`);
    await tx.execute(sql`truncate insights_taken`);
    const [taken] = rowsOf<{ n: number }>(
      await tx.execute(sql`with d as (
          delete from insights_pending where conversation_id in (
            select conversation_id from insights_pending ${opts.agentId ? sql`where agent_id = ${opts.agentId}` : sql``} order by queued_at limit ${limit})
          returning conversation_id, workspace_id, agent_id, started_at),
        i as (insert into insights_taken select * from d returning 1)
        select count(*)::int as n from i`),
    );
    if (!taken || taken.n === 0) return 0;
    await startBuckets(tx);
    // The buckets the conversations were in (the queue row; their facts before) and are in now (their facts after).
    const factsOfTaken = sql`select f.workspace_id, f.agent_id, f.started_at from conversation_facts f join insights_taken t on t.conversation_id = f.conversation_id`;
    await addBuckets(tx, sql`select workspace_id, agent_id, started_at from insights_taken union all ${factsOfTaken}`);
    await tx.execute(sql`delete from conversation_facts f using insights_taken t where f.conversation_id = t.conversation_id
      and not exists (select 1 from conversations c where c.id = f.conversation_id)`);
    await tx.execute(upsertFacts(sql`select conversation_id from insights_taken`));
    await addBuckets(tx, factsOfTaken);
    await rerollBuckets(tx);
    return taken.n;
  });
}

/** Folds the whole queue (the `insights.rollup` job, every minute): returns the conversations folded. */
export async function foldAllPending(db: Db, opts: { agentId?: string; batch?: number } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await foldPending(db, { agentId: opts.agentId, limit: opts.batch });
    total += n;
    if (n === 0) return total;
  }
}

/** Whether a dashboard for the agent has anything to catch up on first. */
export async function hasPending(db: Db, agentId: string): Promise<boolean> {
  const rows = rowsOf<{ one: number }>(await db.execute(sql`select 1 as one from insights_pending where agent_id = ${agentId} or agent_id is null limit 1`));
  return rows.length > 0;
}

/**
 * Recomputes every fact and rollup of an agent (`switchback insights rebuild`, the seed): queues all its
 * conversations and folds them in batches, reporting progress; also drops rollup rows no fact is behind.
 */
export async function rebuildAgentInsights(db: Db, agent: { id: string; workspaceId: string }, onProgress?: (done: number, total: number) => void) {
  // Under the job's lock: nothing folds between dropping the agent's rows and queueing its conversations.
  const total = await db.transaction(async (tx) => {
    await tx.execute(LOCK);
    await tx.execute(sql`delete from insights_rollups where workspace_id = ${agent.workspaceId} and agent_id = ${agent.id}`);
    await tx.execute(sql`delete from conversation_facts where workspace_id = ${agent.workspaceId} and agent_id = ${agent.id}`);
    const [count] = rowsOf<{ n: number }>(
      await tx.execute(sql`with q as (
        insert into insights_pending (conversation_id, workspace_id, agent_id, started_at)
        select id, workspace_id, agent_id, created_at from conversations where workspace_id = ${agent.workspaceId} and agent_id = ${agent.id}
        on conflict (conversation_id) do update set agent_id = excluded.agent_id, started_at = excluded.started_at returning 1)
        select count(*)::int as n from q`),
    );
    // Erased conversations have no facts: their buckets are re-rolled here.
    await startBuckets(tx);
    await addBuckets(tx, sql`select workspace_id, agent_id, bucket_start as started_at from erased_conversation_stats where workspace_id = ${agent.workspaceId} and agent_id = ${agent.id}
      union select workspace_id, agent_id, bucket_start from erased_trace_steps where workspace_id = ${agent.workspaceId} and agent_id = ${agent.id}`);
    await rerollBuckets(tx);
    return count?.n ?? 0;
  });
  let done = 0;
  onProgress?.(0, total);
  for (;;) {
    const n = await foldPending(db, { agentId: agent.id, limit: 2000 });
    if (n === 0) break;
    done += n;
    onProgress?.(Math.min(done, total), total);
  }
  return { conversations: total };
}
