import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { topicRuns } from "@/db/schema";
import { type ListTopicsInput, listTopicsInput } from "@/lib/schemas/topics";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";

/** A topic is unhandled when at least this share of its conversations never reached a journey… */
export const UNHANDLED_SHARE = 0.5;
/** …and it has at least this many conversations. */
export const MIN_GAP_CONVERSATIONS = 3;
/**
 * Growing: this period has at least `minCurrent` conversations and `factor` times the period before, and
 * the rise is beyond the two counts' Poisson noise: (current − previous) / √(current + previous) > `z`
 * (18 → 29 is not growth yet; 2 → 10 is).
 */
export const GROWTH = { minCurrent: 5, factor: 1.5, z: 2 };

export type GapReason = "unhandled" | "growing";

/**
 * The agent's topics from its last clustering, with per-topic numbers over the `days` before that run and
 * the `days` before those: volume and trend, containment (resolved without a person) and CSAT (the hosted
 * API's end-with-CSAT) of this period; over all the topic's conversations, how many never reached a journey
 * (answered from knowledge, or not at all: "I don't know", a clarifying question). Gaps are the builder's
 * to-do list: topics no journey handles, and topics that grow.
 */
export async function listTopics(ctx: WorkspaceCtx, input: ListTopicsInput) {
  const q = listTopicsInput.parse(input);
  const agent = await getAgent(ctx, q.agentId); // another workspace's agent is NOT_FOUND
  const [run] = await ctx.db
    .select()
    .from(topicRuns)
    .where(and(eq(topicRuns.workspaceId, ctx.workspace.id), eq(topicRuns.agentId, agent.id)))
    .limit(1);
  if (!run) return { agent: { id: agent.id, slug: agent.slug }, run: null, period: null, topics: [] };

  const end = run.windowEnd;
  const start = new Date(end.getTime() - q.days * 86_400_000);
  const previousStart = new Date(start.getTime() - q.days * 86_400_000);
  const inCurrent = sql`c.created_at >= ${start.toISOString()}::timestamptz`;
  const inPrevious = sql`c.created_at >= ${previousStart.toISOString()}::timestamptz and c.created_at < ${start.toISOString()}::timestamptz`;
  const rows = rowsOf<{
    id: string;
    label: string;
    terms: string[];
    examples: string[];
    size: number;
    current: number;
    previous: number;
    contained: number;
    csat_count: number;
    csat_average: number | null;
    no_journey: number;
    not_answered: number;
  }>(
    await ctx.db.execute(sql`
      select t.id, t.label, t.terms, t.examples, t.size,
        count(c.id) filter (where ${inCurrent})::int as current,
        count(c.id) filter (where ${inPrevious})::int as previous,
        count(c.id) filter (where ${inCurrent} and c.status = 'resolved' and c.handed_off_at is null)::int as contained,
        count(c.csat) filter (where ${inCurrent})::int as csat_count,
        (avg(c.csat) filter (where ${inCurrent}))::float8 as csat_average,
        count(c.id) filter (where c.journey_id is null)::int as no_journey,
        count(c.id) filter (where c.journey_id is null and not exists (
          select 1 from turn_traces tt cross join lateral jsonb_array_elements(tt.events) as e(step)
          where tt.conversation_id = c.id and tt.workspace_id = c.workspace_id
            and e.step->>'type' = 'knowledge' and e.step->>'decision' = 'grounded'))::int as not_answered
      from topics t
      left join conversation_topics ct on ct.topic_id = t.id and ct.workspace_id = t.workspace_id
      left join conversations c on c.id = ct.conversation_id and c.workspace_id = ct.workspace_id
      where t.workspace_id = ${ctx.workspace.id} and t.agent_id = ${agent.id}
      group by t.id order by t.position`),
  );
  const comparable = rows.some((r) => r.previous > 0);
  const list = rows.map((r) => {
    const total = r.size;
    const gaps: GapReason[] = [];
    if (total >= MIN_GAP_CONVERSATIONS && r.no_journey / total >= UNHANDLED_SHARE) gaps.push("unhandled");
    const rise = (r.current - r.previous) / Math.sqrt(Math.max(1, r.current + r.previous));
    if (comparable && r.current >= GROWTH.minCurrent && r.current >= GROWTH.factor * r.previous && rise > GROWTH.z) gaps.push("growing");
    return {
      id: r.id,
      label: r.label,
      terms: r.terms,
      examples: r.examples,
      conversations: total,
      current: r.current,
      previous: r.previous,
      /** Change against the previous period, as a ratio (null without conversations then). */
      trend: r.previous > 0 ? (r.current - r.previous) / r.previous : null,
      containment: r.current > 0 ? r.contained / r.current : null,
      csat: { count: r.csat_count, average: r.csat_average === null ? null : Number(r.csat_average) },
      noJourney: r.no_journey,
      answeredFromKnowledge: r.no_journey - r.not_answered,
      notAnswered: r.not_answered,
      gaps,
    };
  });
  return {
    agent: { id: agent.id, slug: agent.slug },
    run: { computedAt: run.computedAt, conversations: run.conversations, labelledBy: run.labelledBy, silhouette: run.silhouette, durationMs: run.durationMs, windowStart: run.windowStart, windowEnd: run.windowEnd },
    period: { days: q.days, start, end, previousStart, comparable },
    topics: list,
  };
}

export type TopicList = Awaited<ReturnType<typeof listTopics>>;
