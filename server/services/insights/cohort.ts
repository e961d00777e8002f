import "server-only";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { releases } from "@/db/schema";
import { addDays, type AgentMetricsInput, agentMetricsInput, dayNumber } from "@/lib/schemas/insights";
import { notFound } from "@/server/errors";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { findJourney } from "@/server/services/journeys/find-journey";
import { factRows } from "./rollup";

/**
 * The conversations a dashboard's numbers are over, from its filters: the agent's conversations started
 * in the period or the previous one of the same length (`cohort`, alias `c`), `current` telling them
 * apart. Checks the filters first: another workspace's agent, an unknown release or journey is NOT_FOUND.
 */
export async function resolveCohort(ctx: WorkspaceCtx, input: AgentMetricsInput) {
  const q = agentMetricsInput.parse(input);
  const agent = await getAgent(ctx, q.agentId); // another workspace's agent is NOT_FOUND
  let journeyName: string | null = null;
  if (q.journeyId) {
    const journey = await findJourney(ctx, ctx.db, q.journeyId);
    if (journey.agentId !== agent.id) throw notFound("Journey");
    journeyName = journey.name;
  }
  if (typeof q.release === "number") {
    const [release] = await ctx.db
      .select({ id: releases.id })
      .from(releases)
      .where(and(eq(releases.workspaceId, ctx.workspace.id), eq(releases.agentId, agent.id), eq(releases.number, q.release)));
    if (!release) throw notFound(`Release ${q.release}`);
  }

  const days = dayNumber(q.to) - dayNumber(q.from) + 1;
  const previous = { from: addDays(q.from, -days), to: addDays(q.from, -1) };
  // The periods' instants: midnights in the viewer's time zone, as Postgres's calendar has them.
  // Whether every midnight of both periods falls on a UTC hour (or a UTC midnight): then the hourly (daily)
  // rollups add up to exactly the cohort's days; otherwise (zones like Asia/Kolkata) the facts are read.
  const [bounds] = rowsOf<{ prev_start: number; start: number; end: number; hourly: boolean; daily: boolean }>(
    await ctx.db.execute(sql`select
      extract(epoch from (${previous.from}::date::timestamp at time zone ${q.timeZone}))::float8 * 1000 as prev_start,
      extract(epoch from (${q.from}::date::timestamp at time zone ${q.timeZone}))::float8 * 1000 as start,
      extract(epoch from ((${q.to}::date + 1)::timestamp at time zone ${q.timeZone}))::float8 * 1000 as "end",
      bool_and(extract(epoch from (d::date::timestamp at time zone ${q.timeZone}))::bigint % 3600 = 0) as hourly,
      bool_and(extract(epoch from (d::date::timestamp at time zone ${q.timeZone}))::bigint % 86400 = 0) as daily
      from generate_series(${previous.from}::date, ${q.to}::date + 1, interval '1 day') d`),
  );
  const prevStart = new Date(Number(bounds!.prev_start)).toISOString();
  const start = new Date(Number(bounds!.start)).toISOString();
  const end = new Date(Number(bounds!.end)).toISOString();

  // Both periods at once; `current` tells them apart. (workspace_id, agent_id, created_at) is indexed.
  const cohort: SQL = sql.join(
    [
      sql`c.workspace_id = ${ctx.workspace.id}`,
      sql`c.agent_id = ${agent.id}`,
      sql`c.created_at >= ${prevStart}::timestamptz`,
      sql`c.created_at < ${end}::timestamptz`,
      // Eval cases are the builder's tests, not customers: never in insights.
      q.channel ? sql`c.channel = ${q.channel}` : sql`c.channel <> 'eval'`,
      q.release === "draft" ? sql`c.release_number is null` : q.release ? sql`c.release_number = ${q.release}` : undefined,
      q.journeyId ? sql`c.journey_id = ${q.journeyId}` : undefined,
    ].filter((f): f is SQL => f !== undefined),
    sql` and `,
  );
  const current = sql`c.created_at >= ${start}::timestamptz`;
  // What the dashboard's numbers are summed from (rollup.ts): rows shaped like insights_rollups, with
  // `created_at` their bucket's start, so `cohort` and `current` apply to them as to conversations.
  const grain: "day" | "hour" | "facts" = bounds!.daily ? "day" : bounds!.hourly ? "hour" : "facts";
  const source: SQL =
    grain === "facts"
      ? factRows({ workspaceId: ctx.workspace.id, agentId: agent.id })
      : sql`(select r.*, r.bucket_start as created_at from insights_rollups r where r.workspace_id = ${ctx.workspace.id} and r.agent_id = ${agent.id}
          and r.grain = ${grain} and r.bucket_start >= ${prevStart}::timestamptz and r.bucket_start < ${end}::timestamptz)`;
  return { q, agent, journeyName, days, previous, prevStart, start, end, cohort, current, grain, source };
}

export type Cohort = Awaited<ReturnType<typeof resolveCohort>>;
