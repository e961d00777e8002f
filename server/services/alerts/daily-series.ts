import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { type AlertMetric, journeys } from "@/db/schema";
import { addDays, dayNumber } from "@/lib/schemas/insights";
import type { DayPoint, Direction, MetricKind } from "./baseline";

// An agent's metrics per UTC day, overall and per journey, read from the conversations (started that
// day; eval cases left out, as on the dashboard) and their turns' policy steps.

export interface MetricSpec {
  label: string;
  kind: MetricKind;
  /** Which way is bad news (the only way that alerts). */
  direction: Direction;
}

export const METRICS: Record<AlertMetric, MetricSpec> = {
  conversations: { label: "Conversations", kind: "count", direction: "both" },
  escalation_rate: { label: "Escalation rate", kind: "rate", direction: "up" },
  resolution_rate: { label: "Resolution rate", kind: "rate", direction: "down" },
  denial_rate: { label: "Denial rate", kind: "rate", direction: "up" },
  abandonment_rate: { label: "Abandonment rate", kind: "rate", direction: "up" },
};

export interface Series {
  metric: AlertMetric;
  /** null: all of the agent's conversations. */
  journeyId: string | null;
  journeyName: string | null;
  /** One point per day from `from` to `to`; days before the agent's first conversation have value null. */
  points: DayPoint[];
}

type Counts = { n: number; escalated: number; resolved: number; abandoned: number; decisions: number; denied: number };
const zero = (): Counts => ({ n: 0, escalated: 0, resolved: 0, abandoned: 0, decisions: 0, denied: 0 });

/** Every metric's daily series for the agent (and each journey it routed to in the period), `from`..`to` inclusive. */
export async function dailySeries(db: Db | Tx, input: { workspaceId: string; agentId: string; from: string; to: string; journeyId?: string | null; metric?: AlertMetric }): Promise<Series[]> {
  const start = `${input.from}T00:00:00Z`;
  const end = `${addDays(input.to, 1)}T00:00:00Z`;
  const cohort = sql`c.workspace_id = ${input.workspaceId} and c.agent_id = ${input.agentId} and c.channel <> 'eval'
    and c.created_at >= ${start}::timestamptz and c.created_at < ${end}::timestamptz`;
  const day = sql`((c.created_at at time zone 'UTC')::date)::text`;

  const [first] = rowsOf<{ first: string | null }>(
    await db.execute(sql`select ((min(c.created_at) at time zone 'UTC')::date)::text as first from conversations c
      where c.workspace_id = ${input.workspaceId} and c.agent_id = ${input.agentId} and c.channel <> 'eval'`),
  );
  const outcomeRows = rowsOf<{ day: string; journey_id: string | null; n: number; escalated: number; resolved: number; abandoned: number }>(
    await db.execute(sql`select ${day} as day, c.journey_id, count(*)::int as n,
        count(*) filter (where c.status = 'escalated')::int as escalated,
        count(*) filter (where c.status = 'resolved')::int as resolved,
        count(*) filter (where c.status = 'abandoned')::int as abandoned
      from conversations c where ${cohort} group by 1, 2`),
  );
  const needsPolicy = !input.metric || input.metric === "denial_rate";
  const policyRows = needsPolicy
    ? rowsOf<{ day: string; journey_id: string | null; decisions: number; denied: number }>(
        await db.execute(sql`select ${day} as day, c.journey_id, count(*)::int as decisions,
            count(*) filter (where e.step->>'decision' = 'deny')::int as denied
          from conversations c
          join turn_traces t on t.conversation_id = c.id and t.workspace_id = c.workspace_id
          cross join lateral jsonb_array_elements(t.events) as e(step)
          where ${cohort} and e.step->>'type' = 'policy' group by 1, 2`),
      )
    : [];

  // Counts per journey key ("" = all) and day.
  const counts = new Map<string, Map<string, Counts>>();
  const at = (journey: string, d: string) => {
    const byDay = counts.get(journey) ?? new Map<string, Counts>();
    counts.set(journey, byDay);
    const c = byDay.get(d) ?? zero();
    byDay.set(d, c);
    return c;
  };
  // journeyId undefined: the agent and every journey; null: the agent only; an id: that journey only.
  const keysOf = (j: string | null) => [
    ...(typeof input.journeyId === "string" ? [] : [""]),
    ...(j && (input.journeyId === undefined || j === input.journeyId) ? [j] : []),
  ];
  for (const r of outcomeRows) {
    for (const key of keysOf(r.journey_id)) {
      const c = at(key, r.day);
      c.n += r.n;
      c.escalated += r.escalated;
      c.resolved += r.resolved;
      c.abandoned += r.abandoned;
    }
  }
  for (const r of policyRows) {
    for (const key of keysOf(r.journey_id)) {
      const c = at(key, r.day);
      c.decisions += r.decisions;
      c.denied += r.denied;
    }
  }
  if (typeof input.journeyId === "string") counts.set(input.journeyId, counts.get(input.journeyId) ?? new Map());
  else counts.set("", counts.get("") ?? new Map());

  const journeyIds = [...counts.keys()].filter((k) => k !== "");
  const names = new Map(
    journeyIds.length
      ? (
          await db
            .select({ id: journeys.id, name: journeys.name })
            .from(journeys)
            .where(and(eq(journeys.workspaceId, input.workspaceId), inArray(journeys.id, journeyIds)))
        ).map((j) => [j.id, j.name])
      : [],
  );

  const days = Array.from({ length: dayNumber(input.to) - dayNumber(input.from) + 1 }, (_, i) => addDays(input.from, i));
  const historyStart = first?.first ?? null;
  const out: Series[] = [];
  for (const [key, byDay] of counts) {
    for (const metric of Object.keys(METRICS) as AlertMetric[]) {
      if (input.metric && metric !== input.metric) continue;
      const points = days.map((d): DayPoint => {
        const c = byDay.get(d) ?? zero();
        if (historyStart === null || d < historyStart) return { day: d, value: null, volume: 0 };
        return { day: d, ...pointOf(metric, c) };
      });
      out.push({ metric, journeyId: key || null, journeyName: key ? (names.get(key) ?? "Deleted journey") : null, points });
    }
  }
  return out;
}

function pointOf(metric: AlertMetric, c: Counts): { value: number | null; volume: number } {
  const share = (num: number, den: number) => ({ value: den === 0 ? null : num / den, volume: den });
  switch (metric) {
    case "conversations":
      return { value: c.n, volume: c.n };
    case "escalation_rate":
      return share(c.escalated, c.n);
    case "resolution_rate":
      return share(c.resolved, c.n);
    case "abandonment_rate":
      return share(c.abandoned, c.n);
    case "denial_rate":
      return share(c.denied, c.decisions);
  }
}
