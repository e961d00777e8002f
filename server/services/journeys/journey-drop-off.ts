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
 * Per step of the journey, from the runtime's "node" trace steps (`turn_traces`: a turn's steps in order):
 * how many conversations passed through it and how many went no further. Steps carry `input.journeyId`
 * and `input.nodeId`; older ones (before journeyId was recorded) are matched by the "<journey name> › "
 * prefix of their name.
 */
export async function journeyDropOff(ctx: WorkspaceCtx, input: { journeyId: string }): Promise<{ conversations: number; nodes: NodeTraffic[] }> {
  const journey = await findJourney(ctx, ctx.db, input.journeyId);
  const prefix = `${journey.name.replace(/[\\%_]/g, (c) => `\\${c}`)} › %`;
  const result = await ctx.db.execute(sql`
    with steps as (
      select tt.conversation_id, e.step->'input'->>'nodeId' as node_id,
             row_number() over (partition by tt.conversation_id order by tt.turn desc, e.seq desc) as from_last
      from turn_traces tt
      join conversations c on c.id = tt.conversation_id and c.workspace_id = tt.workspace_id
      cross join lateral jsonb_array_elements(tt.events) with ordinality as e(step, seq)
      where tt.workspace_id = ${ctx.workspace.id}
        and c.agent_id = ${journey.agentId}
        and e.step->>'type' = 'node'
        and (e.step->'input'->>'journeyId' = ${journey.id} or (e.step->'input'->>'journeyId' is null and e.step->>'name' like ${prefix}))
    )
    select node_id, count(distinct conversation_id)::int as passed,
           count(distinct conversation_id) filter (where from_last = 1)::int as "left",
           (select count(distinct conversation_id) from steps)::int as total
    from steps where node_id is not null group by node_id`);
  const rows = rowsOf<{ node_id: string; passed: number; left: number; total: number }>(result);
  return { conversations: rows[0]?.total ?? 0, nodes: rows.map((r) => ({ nodeId: r.node_id, passed: Number(r.passed), left: Number(r.left) })) };
}
