import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { releases } from "@/db/schema";
import { type ExperimentInput, experimentInput } from "@/lib/schemas/experiments";
import { type Comparison, compareMeans, compareProportions, type Sample } from "@/lib/stats/compare";
import { type StratifiedDifference, type Stratum, stratifiedDifference } from "@/lib/stats/stratified";
import { invalid, notFound } from "@/server/errors";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { readDeployment } from "@/server/services/releases/deployment";
import { listExperiments } from "./list-experiments";

/** Proportions are of conversations; "denial" is a conversation in which the policy gate denied something. */
const PROPORTIONS = [
  { key: "resolution", label: "Resolution", better: "higher", guard: false, help: "Resolved, by the agent or a person" },
  { key: "containment", label: "Containment", better: "higher", guard: false, help: "Resolved without a person" },
  { key: "escalation", label: "Escalation", better: "lower", guard: true, help: "With or waiting for a person" },
  { key: "denial", label: "Denial rate", better: "lower", guard: true, help: "Conversations where the policy gate denied a request" },
] as const;
const MEANS = [
  { key: "csat", label: "CSAT (mean)", better: "higher", guard: true, help: "1–5, from the API's end-with-CSAT; over the rated conversations" },
  { key: "turns", label: "Turns (mean)", better: "lower", guard: false, help: "Customer messages the agent answered" },
] as const;

type ProportionKey = (typeof PROPORTIONS)[number]["key"];
type MeanKey = (typeof MEANS)[number]["key"];

interface Cell {
  n: number;
  k: Record<ProportionKey, number>;
  sums: Record<MeanKey, { n: number; sum: number; squares: number }>;
}

export interface ExperimentMetric {
  key: string;
  label: string;
  help: string;
  kind: "proportion" | "mean";
  better: "higher" | "lower";
  /** A guard metric: the canary being significantly worse on it is a reason to roll back. */
  guard: boolean;
  comparison: Comparison;
  /** Significant at 5 % and in the worse direction for the canary. */
  significantlyWorse: boolean;
  significantlyBetter: boolean;
  /** Per journey (proportions only): each arm's count and the pooled differences. */
  strata: { journeyId: string | null; label: string; control: { k: number; n: number }; canary: { k: number; n: number } }[] | null;
  stratified: StratifiedDifference | null;
}

const emptyCell = (): Cell => ({
  n: 0,
  k: { resolution: 0, containment: 0, escalation: 0, denial: 0 },
  sums: { csat: { n: 0, sum: 0, squares: 0 }, turns: { n: 0, sum: 0, squares: 0 } },
});

const sampleOf = (s: { n: number; sum: number; squares: number }): Sample => ({
  n: s.n,
  mean: s.n ? s.sum / s.n : null,
  variance: s.n > 1 ? Math.max(0, (s.squares - (s.sum * s.sum) / s.n) / (s.n - 1)) : null,
});

/**
 * A canary release against the control release (named, else the one that served the other conversations) over the days the canary
 * ran, or the days given: per metric each arm's estimate with its 95 % interval, the difference with its
 * interval and p-value, and the sample still needed for 80 % power; proportions also per journey, with
 * Simpson's paradox flagged when the pooled and the within-journey differences point opposite ways.
 * Arms are the conversations each release served (API and widget; the playground runs the draft), by
 * the moment they started.
 */
export async function getExperiment(ctx: WorkspaceCtx, input: ExperimentInput) {
  const q = experimentInput.parse(input);
  const agent = await getAgent(ctx, q.agentId);
  const numbers = await ctx.db
    .select({ id: releases.id, number: releases.number })
    .from(releases)
    .where(and(eq(releases.workspaceId, ctx.workspace.id), eq(releases.agentId, agent.id)));
  const byNumber = new Map(numbers.map((r) => [r.number, r.id]));
  const byId = new Map(numbers.map((r) => [r.id, r.number]));
  const deployment = await readDeployment(ctx.db, { workspaceId: ctx.workspace.id, agentId: agent.id });
  const runs = await listExperiments(ctx, { agentId: agent.id });

  const runningCanary = deployment?.canaryReleaseId && deployment.canaryPercent > 0 ? byId.get(deployment.canaryReleaseId) : undefined;
  const canary = q.canary ?? runningCanary;
  if (canary === undefined) throw notFound("A running canary (start one under Releases, or pick a past canary or two releases to compare)");
  if (!byNumber.has(canary)) throw notFound(`Release ${canary}`);
  if (q.control !== undefined && !byNumber.has(q.control)) throw notFound(`Release ${q.control}`);
  const run = runs.find((r) => r.canary === canary) ?? null;

  // The window: the days given (midnights in the viewer's time zone), or the canary's run.
  let start: Date;
  let end: Date;
  if (q.from && q.to) {
    const [b] = rowsOf<{ start: number; end: number }>(
      await ctx.db.execute(sql`select
        extract(epoch from (${q.from}::date::timestamp at time zone ${q.timeZone}))::float8 * 1000 as start,
        extract(epoch from ((${q.to}::date + 1)::timestamp at time zone ${q.timeZone}))::float8 * 1000 as "end"`),
    );
    start = new Date(Number(b!.start));
    end = new Date(Number(b!.end));
  } else if (run) {
    start = run.start;
    end = run.end ?? new Date();
  } else {
    throw invalid(`Release ${canary} never ran as a canary: pick the days to compare it over`);
  }

  const scope = sql`c.workspace_id = ${ctx.workspace.id} and c.agent_id = ${agent.id} and c.channel <> 'eval'
    and c.created_at >= ${start.toISOString()}::timestamptz and c.created_at < ${end.toISOString()}::timestamptz`;
  // The control: named, else the release that served the most other conversations in the window — the live
  // one while a canary runs, and the one live then for a past run (live may have moved on since) — else live.
  const liveNumber = deployment?.liveReleaseId ? byId.get(deployment.liveReleaseId) : undefined;
  let control = q.control;
  if (control === undefined) {
    const [top] = rowsOf<{ number: number }>(
      await ctx.db.execute(sql`select c.release_number as number from conversations c where ${scope} and c.release_number is not null and c.release_number <> ${canary}
        group by 1 order by count(*) desc, 1 desc limit 1`),
    );
    control = top?.number ?? (liveNumber !== canary ? liveNumber : undefined);
  }
  if (control === undefined) throw invalid(`No other release served conversations while release ${canary} ran: name the release to compare it with`);
  if (control === canary) throw invalid("Compare two different releases");

  const rows = rowsOf<{
    release_number: number;
    journey_id: string | null;
    journey_name: string | null;
    n: number;
    resolution: number;
    containment: number;
    escalation: number;
    denial: number;
    csat_n: number;
    csat_sum: number | null;
    csat_squares: number | null;
    turns_sum: number | null;
    turns_squares: number | null;
  }>(
    await ctx.db.execute(sql`
      select c.release_number, c.journey_id, max(j.name) as journey_name, count(*)::int as n,
        count(*) filter (where c.status = 'resolved')::int as resolution,
        count(*) filter (where c.status = 'resolved' and c.handed_off_at is null)::int as containment,
        count(*) filter (where c.status = 'escalated')::int as escalation,
        count(*) filter (where exists (
          select 1 from turn_traces t cross join lateral jsonb_array_elements(t.events) as e(step)
          where t.conversation_id = c.id and t.workspace_id = c.workspace_id and e.step->>'type' = 'policy' and e.step->>'decision' = 'deny'))::int as denial,
        count(c.csat)::int as csat_n, sum(c.csat)::float8 as csat_sum, sum(c.csat * c.csat)::float8 as csat_squares,
        sum(c.turns)::float8 as turns_sum, sum(c.turns * c.turns)::float8 as turns_squares
      from conversations c
      left join journeys j on j.id = c.journey_id and j.workspace_id = c.workspace_id
      where ${scope} and c.release_number in (${control}, ${canary})
      group by 1, 2`),
  );

  const arms = { control: emptyCell(), canary: emptyCell() };
  const strata = new Map<string, { journeyId: string | null; label: string; control: Cell; canary: Cell }>();
  for (const r of rows) {
    const arm = r.release_number === canary ? "canary" : "control";
    const key = r.journey_id ?? "none";
    const stratum = strata.get(key) ?? { journeyId: r.journey_id, label: r.journey_id === null ? "No journey" : (r.journey_name ?? "Deleted journey"), control: emptyCell(), canary: emptyCell() };
    strata.set(key, stratum);
    for (const cell of [arms[arm], stratum[arm]]) {
      cell.n += r.n;
      for (const p of PROPORTIONS) cell.k[p.key] += Number(r[p.key]);
      cell.sums.csat.n += r.csat_n;
      cell.sums.csat.sum += Number(r.csat_sum ?? 0);
      cell.sums.csat.squares += Number(r.csat_squares ?? 0);
      cell.sums.turns.n += r.n;
      cell.sums.turns.sum += Number(r.turns_sum ?? 0);
      cell.sums.turns.squares += Number(r.turns_squares ?? 0);
    }
  }
  const journeys = [...strata.values()].sort((a, b) => b.control.n + b.canary.n - (a.control.n + a.canary.n) || a.label.localeCompare(b.label));

  const verdict = (c: Comparison, better: "higher" | "lower") => {
    const significant = c.pValue !== null && c.pValue < 0.05 && c.difference !== null && c.difference !== 0;
    const up = (c.difference ?? 0) > 0;
    return { significantlyBetter: significant && up === (better === "higher"), significantlyWorse: significant && up !== (better === "higher") };
  };
  const metrics: ExperimentMetric[] = [
    ...PROPORTIONS.map((p) => {
      const comparison = compareProportions(arms.control.k[p.key], arms.control.n, arms.canary.k[p.key], arms.canary.n);
      const perJourney: Stratum[] = journeys.map((s) => ({ key: s.label, a: { k: s.control.k[p.key], n: s.control.n }, b: { k: s.canary.k[p.key], n: s.canary.n } }));
      return {
        ...p,
        kind: "proportion" as const,
        comparison,
        ...verdict(comparison, p.better),
        strata: journeys.map((s) => ({ journeyId: s.journeyId, label: s.label, control: { k: s.control.k[p.key], n: s.control.n }, canary: { k: s.canary.k[p.key], n: s.canary.n } })),
        stratified: stratifiedDifference(perJourney),
      };
    }),
    ...MEANS.map((m) => {
      const comparison = compareMeans(sampleOf(arms.control.sums[m.key]), sampleOf(arms.canary.sums[m.key]));
      return { ...m, kind: "mean" as const, comparison, ...verdict(comparison, m.better), strata: null, stratified: null };
    }),
  ];

  return {
    agent: { id: agent.id, slug: agent.slug, name: agent.name },
    canary: { number: canary, releaseId: byNumber.get(canary)!, running: canary === runningCanary, percent: canary === runningCanary ? deployment!.canaryPercent : (run?.percent ?? null) },
    control: { number: control, releaseId: byNumber.get(control)!, live: control === liveNumber },
    window: { start, end, ongoing: !q.from && run?.end === null },
    /** The canary guard stopped this canary's run (automatic roll back): when and why. */
    autoRollback: run?.autoRollback ?? null,
    conversations: { control: arms.control.n, canary: arms.canary.n },
    metrics,
    runs,
    /** Guard metrics on which the canary is significantly worse: reasons to roll it back. */
    guardAlerts: metrics.filter((m) => m.guard && m.significantlyWorse).map((m) => m.label),
    simpson: metrics.filter((m) => m.stratified?.simpson).map((m) => m.label),
  };
}

export type Experiment = Awaited<ReturnType<typeof getExperiment>>;
