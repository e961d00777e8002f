import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import type { Db } from "@/db/client";
import type { Cohort } from "./cohort";
import { factRows } from "./rollup";

/*
 * What the cohort's turns cost and how the conversations were judged: reply latency and tokens from the
 * turns' recorded figures (turn_traces, written by the runtime), review scores per criterion (people's and
 * the AI's, conversation_scores) and the judge's inferred sentiment (conversation_annotations). Turns stored
 * before latency was recorded have none and are left out of the percentiles, not counted as 0.
 */

export interface Percentiles {
  /** Turns (or conversations, for the first reply) with a figure. */
  count: number;
  p50: number | null;
  p95: number | null;
}

export interface PeriodQuality {
  latency: {
    /** The conversation's first turn: from the customer's first message to the agent's complete reply. */
    firstReply: Percentiles;
    /** Every turn the agent answered: from the customer's message to the complete reply. */
    turn: Percentiles;
    /** Streamed turns only: from the customer's message to the reply's first text. */
    firstText: Percentiles;
  };
  cost: { inputTokens: number; outputTokens: number; usd: number; turns: number };
  /** The judge's inferred sentiment of the customer (−1..1), over the annotated conversations. */
  sentiment: { annotated: number; average: number | null; negative: number; neutral: number; positive: number };
}

export interface CriterionScores {
  criterionId: string;
  name: string;
  scale: string;
  archived: boolean;
  /** Scores by kind: how many, how many with points (pass/fail, 1–5), their mean on 0..1. */
  human: { count: number; scored: number; averagePoints: number | null };
  ai: { count: number; scored: number; averagePoints: number | null };
  /** Conversations both a person and the AI scored on this criterion, and those where they gave the same value. */
  both: number;
  agreed: number;
}

const emptyQuality = (): PeriodQuality => ({
  latency: { firstReply: { count: 0, p50: null, p95: null }, turn: { count: 0, p50: null, p95: null }, firstText: { count: 0, p50: null, p95: null } },
  cost: { inputTokens: 0, outputTokens: 0, usd: 0, turns: 0 },
  sentiment: { annotated: 0, average: null, negative: 0, neutral: 0, positive: 0 },
});

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function qualityMetrics(db: Db, scope: Pick<Cohort, "cohort" | "current"> & { source?: SQL }) {
  const { cohort, current } = scope;
  // Latency, tokens and cost from the conversations' facts or their rollups (rollup.ts; the cohort's
  // `source`, else every workspace's facts with the cohort's own filters), never from the turn traces.
  const source = scope.source ?? factRows();
  const pct = (column: string) =>
    sql.raw(`count(x)::int as ${column}_count, percentile_cont(0.5) within group (order by x)::float8 as ${column}_p50,
      percentile_cont(0.95) within group (order by x)::float8 as ${column}_p95`);
  const percentilesOf = async (column: "turn_latencies" | "first_reply_ms" | "first_text_ms") =>
    rowsOf<Record<string, number | null> & { is_current: boolean }>(
      await db.execute(sql`select ${current} as is_current, ${pct(column)}
        from ${source} c cross join lateral unnest(c.${sql.raw(column)}) as u(x) where ${cohort} group by 1`),
    );
  const sumRows = rowsOf<{ is_current: boolean; input_tokens: number; output_tokens: number; cost_usd: number; all_turns: number }>(
    await db.execute(sql`
      select ${current} as is_current, coalesce(sum(c.input_tokens), 0)::float8 as input_tokens, coalesce(sum(c.output_tokens), 0)::float8 as output_tokens,
        coalesce(sum(c.cost_usd), 0)::float8 as cost_usd, coalesce(sum(c.traced_turns), 0)::int as all_turns
      from ${source} c where ${cohort} group by 1 having sum(c.traced_turns) > 0`),
  );
  const [turnPct, firstPct, textPct] = [await percentilesOf("turn_latencies"), await percentilesOf("first_reply_ms"), await percentilesOf("first_text_ms")];
  const sentimentRows = rowsOf<{ is_current: boolean; annotated: number; average: number | null; negative: number; neutral: number; positive: number }>(
    await db.execute(sql`
      select ${current} as is_current, count(*)::int as annotated, avg(a.sentiment)::float8 as average,
        count(*) filter (where a.sentiment_label = 'negative')::int as negative,
        count(*) filter (where a.sentiment_label = 'neutral')::int as neutral,
        count(*) filter (where a.sentiment_label = 'positive')::int as positive
      from conversations c
      join conversation_annotations a on a.conversation_id = c.id and a.workspace_id = c.workspace_id
      where ${cohort} group by 1`),
  );
  const scoreRows = rowsOf<{ criterion_id: string; name: string; scale: string; archived: boolean; position: number; kind: string; count: number; scored: number; average: number | null }>(
    await db.execute(sql`
      select s.criterion_id, cr.name, cr.scale, cr.archived_at is not null as archived, cr.position, s.kind,
        count(*)::int as count, count(s.points)::int as scored, avg(s.points)::float8 as average
      from conversations c
      join conversation_scores s on s.conversation_id = c.id and s.workspace_id = c.workspace_id
      join score_criteria cr on cr.id = s.criterion_id and cr.workspace_id = s.workspace_id
      where ${cohort} and ${current}
      group by s.criterion_id, cr.name, cr.scale, cr.archived_at, cr.position, s.kind`),
  );
  const agreementRows = rowsOf<{ criterion_id: string; both: number; agreed: number }>(
    await db.execute(sql`
      select h.criterion_id, count(*)::int as both, count(*) filter (where h.value = a.value)::int as agreed
      from conversations c
      join conversation_scores h on h.conversation_id = c.id and h.workspace_id = c.workspace_id and h.kind = 'human'
      join conversation_scores a on a.conversation_id = h.conversation_id and a.criterion_id = h.criterion_id and a.kind = 'ai'
      where ${cohort} and ${current}
      group by 1`),
  );

  const periods = { current: emptyQuality(), previous: emptyQuality() };
  const percentiles = (rows: (Record<string, number | null> & { is_current: boolean })[], column: string, isCurrent: boolean): Percentiles => {
    const r = rows.find((row) => row.is_current === isCurrent);
    return r ? { count: Number(r[`${column}_count`]), p50: num(r[`${column}_p50`]), p95: num(r[`${column}_p95`]) } : { count: 0, p50: null, p95: null };
  };
  for (const isCurrent of [true, false]) {
    periods[isCurrent ? "current" : "previous"].latency = {
      firstReply: percentiles(firstPct, "first_reply_ms", isCurrent),
      turn: percentiles(turnPct, "turn_latencies", isCurrent),
      firstText: percentiles(textPct, "first_text_ms", isCurrent),
    };
  }
  for (const r of sumRows) {
    periods[r.is_current ? "current" : "previous"].cost = { inputTokens: Number(r.input_tokens), outputTokens: Number(r.output_tokens), usd: Number(r.cost_usd), turns: Number(r.all_turns) };
  }
  for (const r of sentimentRows) {
    periods[r.is_current ? "current" : "previous"].sentiment = { annotated: r.annotated, average: num(r.average), negative: r.negative, neutral: r.neutral, positive: r.positive };
  }

  const criteria = new Map<string, CriterionScores & { position: number }>();
  for (const r of scoreRows) {
    const row = criteria.get(r.criterion_id) ?? {
      criterionId: r.criterion_id,
      name: r.name,
      scale: r.scale,
      archived: r.archived,
      position: r.position,
      human: { count: 0, scored: 0, averagePoints: null },
      ai: { count: 0, scored: 0, averagePoints: null },
      both: 0,
      agreed: 0,
    };
    if (r.kind === "human" || r.kind === "ai") row[r.kind] = { count: r.count, scored: r.scored, averagePoints: num(r.average) };
    criteria.set(r.criterion_id, row);
  }
  for (const r of agreementRows) {
    const row = criteria.get(r.criterion_id);
    if (row) Object.assign(row, { both: r.both, agreed: r.agreed });
  }
  const scores: CriterionScores[] = [...criteria.values()].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name)).map(({ position: _p, ...c }) => c);
  return { ...periods, scores };
}

export type QualityMetrics = Awaited<ReturnType<typeof qualityMetrics>>;
