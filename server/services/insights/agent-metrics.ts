import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { addDays, type AgentMetricsInput, dayNumber } from "@/lib/schemas/insights";
import type { WorkspaceCtx } from "@/server/services/context";
import { resolveCohort } from "./cohort";
import { qualityMetrics } from "./quality-metrics";
import { foldAllPending, hasPending } from "./rollup";

/*
 * Every metric is over a cohort: the agent's conversations *started* (created_at) in the period, with the
 * filters applied — the same rows the conversation list shows for those filters and days, so every number
 * clicks through to exactly the conversations behind it. Rates divide by all conversations of the cohort,
 * open ones included. Trace metrics count the steps of those conversations' turns (turn_traces.events).
 * Reply latency and cost come from the figures the runtime records on each turn (quality-metrics.ts).
 */

export type Outcome = "open" | "resolved" | "escalated" | "abandoned";
export const POLICY_DECISIONS = ["allow", "deny", "require_confirmation", "escalate"] as const;
export type PolicyDecision = (typeof POLICY_DECISIONS)[number];

export interface PeriodTotals {
  conversations: number;
  /** status = resolved (by the AI, or by a person after a handoff). */
  resolved: number;
  /** Resolved and never handed to a person (handed_off_at is null): ended without a human. */
  contained: number;
  /** status = escalated: handed to a person and not (yet) resolved, closed or handed back. */
  escalated: number;
  /** status = abandoned: ended by the brand's page with that outcome, or closed unresolved by a person. */
  abandoned: number;
  open: number;
  /** Handed to a person at some point (handed_off_at set), whatever the outcome. */
  handedOff: number;
  /** conversations.csat as given through the hosted API's end-with-CSAT (1–5); average over those with one. */
  csat: { count: number; average: number | null };
  /** conversations.turns (customer messages the agent answered); median interpolated (percentile_cont). */
  turns: { average: number | null; median: number | null };
  /** Trace steps of type "tool" that ran (decision ok, replayed or error; "skipped" ones did not run). */
  toolCalls: number;
  /** Tool steps with decision "error": the call failed (HTTP error, timeout, unknown tool, failed write). */
  toolErrors: number;
  /** Trace steps of type "policy" by the gate's decision. */
  policy: Record<PolicyDecision, number>;
  /** Guardrail steps with decision "blocked" (the output check stopped a reply). */
  guardrailBlocks: number;
  /** Guardrail steps with decision "flagged" (the input check saw a prompt-injection attempt). */
  injectionFlags: number;
  /** Knowledge steps (a search of the agent's knowledge) and those that were "not grounded" (no answer). */
  knowledge: { searches: number; notGrounded: number };
}

export interface PeriodRates {
  containment: number | null;
  resolution: number | null;
  escalation: number | null;
  abandonment: number | null;
  toolErrors: number | null;
  dontKnow: number | null;
}

export interface Breakdown {
  key: string | number | null;
  label: string;
  conversations: number;
  resolved: number;
  contained: number;
  escalated: number;
  abandoned: number;
  csatAverage: number | null;
}

export interface PolicyRuleRow {
  policy: string;
  ruleId: string;
  decisions: Record<PolicyDecision, number>;
  total: number;
}

export interface DayRow {
  day: string;
  previousDay: string;
  byStatus: Record<Outcome, number>;
  total: number;
  previousTotal: number;
}

export const rate = (n: number, d: number) => (d === 0 ? null : n / d);

export function ratesOf(t: PeriodTotals): PeriodRates {
  return {
    containment: rate(t.contained, t.conversations),
    resolution: rate(t.resolved, t.conversations),
    escalation: rate(t.escalated, t.conversations),
    abandonment: rate(t.abandoned, t.conversations),
    toolErrors: rate(t.toolErrors, t.toolCalls),
    dontKnow: rate(t.knowledge.notGrounded, t.knowledge.searches),
  };
}

const emptyTotals = (): PeriodTotals => ({
  conversations: 0,
  resolved: 0,
  contained: 0,
  escalated: 0,
  abandoned: 0,
  open: 0,
  handedOff: 0,
  csat: { count: 0, average: null },
  turns: { average: null, median: null },
  toolCalls: 0,
  toolErrors: 0,
  policy: { allow: 0, deny: 0, require_confirmation: 0, escalate: 0 },
  guardrailBlocks: 0,
  injectionFlags: 0,
  knowledge: { searches: 0, notGrounded: 0 },
});

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const isDecision = (d: string | null): d is PolicyDecision => (POLICY_DECISIONS as readonly (string | null)[]).includes(d);

/** The headline metrics of an agent over a period of days, each with the previous period of the same length. */
export async function agentMetrics(ctx: WorkspaceCtx, input: AgentMetricsInput) {
  const { q, agent, days, previous, prevStart, start, end, cohort, current, source } = await resolveCohort(ctx, input);
  // The numbers come from the conversations' facts and their rollups (rollup.ts), never from messages or
  // trace events; conversations erased by a forget or retention are in them as their aggregates. Changes
  // the job has not folded in yet are folded in first, so a dashboard is never behind its conversations.
  if (await hasPending(ctx.db, agent.id)) await foldAllPending(ctx.db, { agentId: agent.id });
  const outcomeCounts = sql`
    coalesce(sum(c.conversations), 0)::int as conversations,
    coalesce(sum(c.resolved), 0)::int as resolved,
    coalesce(sum(c.contained), 0)::int as contained,
    coalesce(sum(c.escalated), 0)::int as escalated,
    coalesce(sum(c.abandoned), 0)::int as abandoned,
    coalesce(sum(c.open), 0)::int as open,
    coalesce(sum(c.csat_count), 0)::int as csat_count,
    (sum(c.csat_sum)::numeric / nullif(sum(c.csat_count), 0))::float8 as csat_average`;
  type OutcomeRow = { conversations: number; resolved: number; contained: number; escalated: number; abandoned: number; open: number; csat_count: number; csat_average: number | null };

  const totalsRows = rowsOf<OutcomeRow & { is_current: boolean; handed_off: number }>(
    await ctx.db.execute(sql`
      select ${current} as is_current, ${outcomeCounts}, coalesce(sum(c.handed_off), 0)::int as handed_off
      from ${source} c where ${cohort} group by 1 having sum(c.conversations) > 0`),
  );
  const turnsRows = rowsOf<{ is_current: boolean; turns_average: number | null; turns_median: number | null }>(
    await ctx.db.execute(sql`
      select ${current} as is_current, avg(t.turns)::float8 as turns_average, percentile_cont(0.5) within group (order by t.turns)::float8 as turns_median
      from ${source} c cross join lateral unnest(c.turns) as t(turns) where ${cohort} group by 1`),
  );

  const counterRows = rowsOf<{ is_current: boolean; tool_calls: number; tool_errors: number; guardrail_blocks: number; injection_flags: number; knowledge_searches: number; knowledge_not_grounded: number }>(
    await ctx.db.execute(sql`
      select ${current} as is_current, sum(c.tool_calls)::int as tool_calls, sum(c.tool_errors)::int as tool_errors,
        sum(c.guardrail_blocks)::int as guardrail_blocks, sum(c.injection_flags)::int as injection_flags,
        sum(c.knowledge_searches)::int as knowledge_searches, sum(c.knowledge_not_grounded)::int as knowledge_not_grounded
      from ${source} c where ${cohort} group by 1`),
  );
  const policyRows = rowsOf<{ is_current: boolean; key: string; steps: number }>(
    await ctx.db.execute(sql`
      select ${current} as is_current, p.key, sum(p.value::int)::int as steps
      from ${source} c cross join lateral jsonb_each_text(c.policy) as p(key, value) where ${cohort} group by 1, 2`),
  );

  const reasonRows = rowsOf<{ is_current: boolean; key: string; conversations: number }>(
    await ctx.db.execute(sql`
      select ${current} as is_current, r.key, sum(r.value::int)::int as conversations
      from ${source} c cross join lateral jsonb_each_text(c.escalation_reasons) as r(key, value) where ${cohort} group by 1, 2`),
  );

  const dayRows = rowsOf<{ is_current: boolean; day: string; open: number; resolved: number; escalated: number; abandoned: number; conversations: number }>(
    await ctx.db.execute(sql`
      select ${current} as is_current, ((c.created_at at time zone ${q.timeZone})::date)::text as day,
        sum(c.open)::int as open, sum(c.resolved)::int as resolved, sum(c.escalated)::int as escalated, sum(c.abandoned)::int as abandoned,
        sum(c.conversations)::int as conversations
      from ${source} c where ${cohort} group by 1, 2`),
  );

  const breakdown = async (key: SQL, label: (k: string | number | null, name: string | null) => string, journeyNames = false): Promise<Breakdown[]> =>
    rowsOf<OutcomeRow & { key: string | number | null; name: string | null }>(
      await ctx.db.execute(sql`
        select ${key} as key, ${journeyNames ? sql`max(j.name)` : sql`null`} as name, ${outcomeCounts}
        from ${source} c
        ${journeyNames ? sql`left join journeys j on j.id = c.journey_id and j.workspace_id = c.workspace_id` : sql``}
        where ${cohort} and ${current} group by 1 having sum(c.conversations) > 0 order by conversations desc, 1`),
    ).map((r) => ({
      key: r.key,
      label: label(r.key, r.name),
      conversations: r.conversations,
      resolved: r.resolved,
      contained: r.contained,
      escalated: r.escalated,
      abandoned: r.abandoned,
      csatAverage: num(r.csat_average),
    }));
  const byChannel = await breakdown(sql`c.channel`, (k) => String(k));
  const byJourney = await breakdown(sql`c.journey_id`, (k, name) => (k === null ? "No journey" : (name ?? "Deleted journey")), true);
  const byRelease = await breakdown(sql`c.release_number`, (k) => (k === null ? "Draft (no release)" : `Release ${k}`));

  // Fold the rows into each period's totals.
  const totals = { current: emptyTotals(), previous: emptyTotals() };
  const of = (isCurrent: boolean) => (isCurrent ? totals.current : totals.previous);
  for (const r of totalsRows) {
    Object.assign(of(r.is_current), {
      conversations: r.conversations,
      resolved: r.resolved,
      contained: r.contained,
      escalated: r.escalated,
      abandoned: r.abandoned,
      open: r.open,
      handedOff: r.handed_off,
      csat: { count: r.csat_count, average: num(r.csat_average) },
    });
  }
  for (const r of turnsRows) of(r.is_current).turns = { average: num(r.turns_average), median: num(r.turns_median) };
  for (const r of counterRows) {
    const t = of(r.is_current);
    t.toolCalls = r.tool_calls;
    t.toolErrors = r.tool_errors;
    t.guardrailBlocks = r.guardrail_blocks;
    t.injectionFlags = r.injection_flags;
    t.knowledge = { searches: r.knowledge_searches, notGrounded: r.knowledge_not_grounded };
  }
  const rules = new Map<string, PolicyRuleRow>();
  for (const r of policyRows) {
    // The facts key each rule's decisions as a JSON array: [policy name, rule id or null, decision].
    const [name, ruleId, decision] = JSON.parse(r.key) as [string, string | null, string];
    if (!isDecision(decision)) continue;
    const t = of(r.is_current);
    t.policy[decision] += r.steps;
    if (r.is_current) {
      const key = `${name}\u0000${ruleId}`;
      const row = rules.get(key) ?? { policy: name, ruleId: ruleId ?? "default", decisions: { allow: 0, deny: 0, require_confirmation: 0, escalate: 0 }, total: 0 };
      row.decisions[decision] += r.steps;
      row.total += r.steps;
      rules.set(key, row);
    }
  }

  const reasons = new Map<string | null, { reason: string | null; current: number; previous: number }>();
  for (const r of reasonRows) {
    if (r.conversations === 0) continue;
    const [reason] = JSON.parse(r.key) as [string | null];
    const row = reasons.get(reason) ?? { reason, current: 0, previous: 0 };
    row[r.is_current ? "current" : "previous"] += r.conversations;
    reasons.set(reason, row);
  }

  const daily: DayRow[] = Array.from({ length: days }, (_, i) => ({
    day: addDays(q.from, i),
    previousDay: addDays(previous.from, i),
    byStatus: { open: 0, resolved: 0, escalated: 0, abandoned: 0 },
    total: 0,
    previousTotal: 0,
  }));
  for (const r of dayRows) {
    const row = daily[dayNumber(r.day) - dayNumber(r.is_current ? q.from : previous.from)];
    if (!row) continue; // cannot happen: the cohort's bounds are these days' midnights
    if (r.is_current) {
      for (const status of ["open", "resolved", "escalated", "abandoned"] as const) row.byStatus[status] += r[status];
      row.total += r.conversations;
    } else row.previousTotal += r.conversations;
  }

  return {
    agent: { id: agent.id, slug: agent.slug, name: agent.name },
    period: { from: q.from, to: q.to, days, start: new Date(start), end: new Date(end) },
    previousPeriod: { ...previous, start: new Date(prevStart), end: new Date(start) },
    current: { ...totals.current, rates: ratesOf(totals.current) },
    previous: { ...totals.previous, rates: ratesOf(totals.previous) },
    escalationReasons: [...reasons.values()].sort((a, b) => b.current - a.current || b.previous - a.previous),
    daily,
    byChannel,
    byJourney,
    byRelease,
    policyRules: [...rules.values()].sort((a, b) => b.total - a.total || a.policy.localeCompare(b.policy) || a.ruleId.localeCompare(b.ruleId)),
    // Latency, tokens and cost, review scores and the judge's sentiment (quality-metrics.ts).
    quality: await qualityMetrics(ctx.db, { cohort, current, source }),
  };
}

export type AgentMetrics = Awaited<ReturnType<typeof agentMetrics>>;
