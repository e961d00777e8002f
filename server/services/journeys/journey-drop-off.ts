import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import type { WorkspaceCtx } from "@/server/services/context";
import { findJourney } from "./find-journey";

export interface NodeTraffic {
  nodeId: string;
  /** Conversations that ran this step at least once. */
  passed: number;
  /** Conversations whose last step in this journey was this one (they stopped, ended or left here). */
  left: number;
}

/**
 * Per step of the journey, from the runtime's "node" trace events: how many conversations passed through
 * it and how many went no further. Events carry `input.journeyId` and `input.nodeId`; older ones (before
 * journeyId was recorded) are matched by the "<journey name> › " prefix of their name.
 */
export async function journeyDropOff(ctx: WorkspaceCtx, input: { journeyId: string }): Promise<{ conversations: number; nodes: NodeTraffic[] }> {
  const journey = await findJourney(ctx, ctx.db, input.journeyId);
  const prefix = `${journey.name.replace(/[\\%_]/g, (c) => `\\${c}`)} › %`;
  const result = await ctx.db.execute(sql`
    with steps as (
      select te.conversation_id, te.input->>'nodeId' as node_id,
             row_number() over (partition by te.conversation_id order by te.turn desc, te.seq desc) as from_last
      from trace_events te
      join conversations c on c.id = te.conversation_id and c.workspace_id = te.workspace_id
      where te.workspace_id = ${ctx.workspace.id}
        and c.agent_id = ${journey.agentId}
        and te.type = 'node'
        and (te.input->>'journeyId' = ${journey.id} or (te.input->>'journeyId' is null and te.name like ${prefix}))
    )
    select node_id, count(distinct conversation_id)::int as passed,
           count(distinct conversation_id) filter (where from_last = 1)::int as "left",
           (select count(distinct conversation_id) from steps)::int as total
    from steps where node_id is not null group by node_id`);
  const rows = rowsOf<{ node_id: string; passed: number; left: number; total: number }>(result);
  return { conversations: rows[0]?.total ?? 0, nodes: rows.map((r) => ({ nodeId: r.node_id, passed: Number(r.passed), left: Number(r.left) })) };
}
