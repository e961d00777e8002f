import "server-only";
import { type SQL, sql } from "drizzle-orm";

/*
 * How insights add erased conversations back in (server/services/insights/agent-metrics.ts). Each erased
 * group becomes `conversations` identical rows with the columns insights filter, group and average by, so
 * counts, rates, CSAT averages and turn medians come out exactly as before the erasure.
 */

/** The workspace's conversations plus the erased ones, as a table to select `from … c` (the columns insights read). */
export function conversationsWithErased(workspaceId: string): SQL {
  return sql`(
    select workspace_id, agent_id, created_at, channel, status, release_number, journey_id, handed_off_at, csat, turns, handoff
    from conversations where workspace_id = ${workspaceId}
    union all
    select s.workspace_id, s.agent_id, s.bucket_start, s.channel, s.status, s.release_number, s.journey_id,
      case when s.handed_off then s.bucket_start end, s.csat, s.turns, jsonb_build_object('reason', s.handoff_reason)
    from erased_conversation_stats s cross join generate_series(1, s.conversations)
    where s.workspace_id = ${workspaceId})`;
}

/** The erased conversations' trace steps, with `created_at` (their bucket) and the columns a cohort filters on, to select `from … c`. */
export function erasedTraceStepsOf(workspaceId: string): SQL {
  return sql`(
    select workspace_id, agent_id, bucket_start as created_at, channel, release_number, journey_id, type, name, decision, rule_id, steps
    from erased_trace_steps where workspace_id = ${workspaceId})`;
}
