import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { addDays, type AgentMetricsInput, dayNumber } from "@/lib/schemas/insights";
import type { WorkspaceCtx } from "@/server/services/context";
import { resolveCohort } from "./cohort";
import { qualityMetrics } from "./quality-metrics";
import { conversationsWithErased, erasedTraceStepsOf } from "@/server/services/privacy/erased-aggregates";

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
  const { q, agent, days, previous, prevStart, start, end, cohort, current } = await resolveCohort(ctx, input);
  // Conversations erased by a forget or retention count as their aggregates (server/services/privacy), so totals do not change.
  const withErased = conversationsWithErased(ctx.workspace.id);
  const outcomeCounts = sql`
    count(*)::int as conversations,
    count(*) filter (where c.status = 'resolved')::int as resolved,
    count(*) filter (where c.status = 'resolved' and c.handed_off_at is null)::int as contained,
    count(*) filter (where c.status = 'escalated')::int as escalated,
    count(*) filter (where c.status = 'abandoned')::int as abandoned,
    count(*) filter (where c.status = 'open')::int as open,
    count(c.csat)::int as csat_count,
    avg(c.csat)::float8 as csat_average`;
  type OutcomeRow = { conversations: number; resolved: number; contained: number; escalated: number; abandoned: number; open: number; csat_count: number; csat_average: number | null };

  const totalsRows = rowsOf<OutcomeRow & { is_current: boolean; handed_off: number; turns_average: number | null; turns_median: number | null }>(
    await ctx.db.execute(sql`
      select ${current} as is_current, ${outcomeCounts},
        count(*) filter (where c.handed_off_at is not null)::int as handed_off,
        avg(c.turns)::float8 as turns_average,
        percentile_cont(0.5) within group (order by c.turns)::float8 as turns_median
      from ${withErased} c where ${cohort} group by 1`),
  );

  const stepRows = rowsOf<{ is_current: boolean; type: string; name: string; decision: string | null; rule_id: string | null; steps: number }>(
    await ctx.db.execute(sql`
      select is_current, type, name, decision, rule_id, sum(steps)::int as steps from (
        select ${current} as is_current, e.step->>'type' as type, e.step->>'name' as name, e.step->>'decision' as decision,
          e.step->'output'->>'ruleId' as rule_id, count(*)::int as steps
        from conversations c
        join turn_traces t on t.conversation_id = c.id and t.workspace_id = c.workspace_id
        cross join lateral jsonb_array_elements(t.events) as e(step)
        where ${cohort} and e.step->>'type' in ('tool', 'policy', 'guardrail', 'knowledge')
        group by 1, 2, 3, 4, 5
        union all
        select ${current}, c.type, c.name, c.decision, c.rule_id, sum(c.steps)::int
        from ${erasedTraceStepsOf(ctx.workspace.id)} c where ${cohort} group by 1, 2, 3, 4, 5
      ) steps group by 1, 2, 3, 4, 5`),
  );

  const reasonRows = rowsOf<{ is_current: boolean; reason: string | null; conversations: number }>(
    await ctx.db.execute(sql`
      select ${current} as is_current, c.handoff->>'reason' as reason, count(*)::int as conversations
      from ${withErased} c where ${cohort} and c.status = 'escalated' group by 1, 2`),
  );

  const dayRows = rowsOf<{ is_current: boolean; day: string; status: string; conversations: number }>(
    await ctx.db.execute(sql`
      select ${current} as is_current, ((c.created_at at time zone ${q.timeZone})::date)::text as day, c.status, count(*)::int as conversations
      from ${withErased} c where ${cohort} group by 1, 2, 3`),
  );

  const breakdown = async (key: SQL, label: (k: string | number | null, name: string | null) => string, journeyNames = false): Promise<Breakdown[]> =>
    rowsOf<OutcomeRow & { key: string | number | null; name: string | null }>(
      await ctx.db.execute(sql`
        select ${key} as key, ${journeyNames ? sql`max(j.name)` : sql`null`} as name, ${outcomeCounts}
        from ${withErased} c
        ${journeyNames ? sql`left join journeys j on j.id = c.journey_id and j.workspace_id = c.workspace_id` : sql``}
        where ${cohort} and ${current} group by 1 order by conversations desc, 1`),
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
      turns: { average: num(r.turns_average), median: num(r.turns_median) },
    });
  }
  const rules = new Map<string, PolicyRuleRow>();
  for (const r of stepRows) {
    const t = of(r.is_current);
    if (r.type === "tool" && r.decision !== "skipped") {
      t.toolCalls += r.steps;
      if (r.decision === "error") t.toolErrors += r.steps;
    } else if (r.type === "policy" && isDecision(r.decision)) {
      t.policy[r.decision] += r.steps;
      if (r.is_current) {
        const key = `${r.name}\u0000${r.rule_id}`;
        const row = rules.get(key) ?? { policy: r.name, ruleId: r.rule_id ?? "default", decisions: { allow: 0, deny: 0, require_confirmation: 0, escalate: 0 }, total: 0 };
        row.decisions[r.decision] += r.steps;
        row.total += r.steps;
        rules.set(key, row);
      }
    } else if (r.type === "guardrail" && r.decision === "blocked") t.guardrailBlocks += r.steps;
    else if (r.type === "guardrail" && r.decision === "flagged") t.injectionFlags += r.steps;
    else if (r.type === "knowledge") {
      t.knowledge.searches += r.steps;
      if (r.decision === "not grounded") t.knowledge.notGrounded += r.steps;
    }
  }

  const reasons = new Map<string | null, { reason: string | null; current: number; previous: number }>();
  for (const r of reasonRows) {
    const row = reasons.get(r.reason) ?? { reason: r.reason, current: 0, previous: 0 };
    row[r.is_current ? "current" : "previous"] += r.conversations;
    reasons.set(r.reason, row);
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
      if (r.status in row.byStatus) row.byStatus[r.status as Outcome] += r.conversations;
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
    quality: await qualityMetrics(ctx.db, { cohort, current }),
  };
}

export type AgentMetrics = Awaited<ReturnType<typeof agentMetrics>>;
