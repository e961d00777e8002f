import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { type JourneyFunnelInput, journeyFunnelInput } from "@/lib/schemas/insights";
import type { JourneyGraph } from "@/lib/schemas/journey";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { findJourney } from "@/server/services/journeys/find-journey";
import { resolveCohort } from "./cohort";

export interface FunnelStep {
  nodeId: string;
  label: string;
  type: string | null;
  /** Conversations that reached this step (ran it at least once): the canvas overlay's "passed". */
  reached: number;
  /** Conversations whose last step in the journey was this one: the overlay's "went no further". */
  left: number;
}

/**
 * A journey's funnel over the dashboard's cohort: entered → each step reached → completed / escalated /
 * dropped. The steps are counted exactly as the canvas's drop-off overlay counts them
 * (server/services/journeys/journey-drop-off.ts: the runtime's "node" trace steps of the journey), over the
 * cohort's conversations instead of all of them; a conversation that entered is "completed" when it is
 * resolved, "escalated" when it is with a person, "dropped" otherwise (open or abandoned).
 */
export async function journeyFunnel(ctx: WorkspaceCtx, input: JourneyFunnelInput) {
  const { filters, journeyId } = journeyFunnelInput.parse(input);
  const journey = await findJourney(ctx, ctx.db, journeyId);
  // The funnel is about entering the journey: the journey filter (last routed journey) would hide some who did.
  const { agent, cohort, current } = await resolveCohort(ctx, { ...filters, journeyId: undefined });
  if (journey.agentId !== agent.id) throw notFound("Journey");
  const prefix = `${journey.name.replace(/[\\%_]/g, (c) => `\\${c}`)} › %`;
  const steps = sql`
    select tt.conversation_id, c.status, e.step->'input'->>'nodeId' as node_id,
           row_number() over (partition by tt.conversation_id order by tt.turn desc, e.seq desc) as from_last
    from conversations c
    join turn_traces tt on tt.conversation_id = c.id and tt.workspace_id = c.workspace_id
    cross join lateral jsonb_array_elements(tt.events) with ordinality as e(step, seq)
    where ${cohort} and ${current}
      and e.step->>'type' = 'node'
      and (e.step->'input'->>'journeyId' = ${journey.id} or (e.step->'input'->>'journeyId' is null and e.step->>'name' like ${prefix}))`;
  const nodeRows = rowsOf<{ node_id: string; reached: number; left: number }>(
    await ctx.db.execute(sql`
      with steps as (${steps})
      select node_id, count(distinct conversation_id)::int as reached, count(distinct conversation_id) filter (where from_last = 1)::int as "left"
      from steps where node_id is not null group by node_id`),
  );
  const [outcome] = rowsOf<{ entered: number; completed: number; escalated: number }>(
    await ctx.db.execute(sql`
      with steps as (${steps})
      select count(distinct conversation_id)::int as entered,
        count(distinct conversation_id) filter (where status = 'resolved')::int as completed,
        count(distinct conversation_id) filter (where status = 'escalated')::int as escalated
      from steps`),
  );
  const entered = Number(outcome?.entered ?? 0);
  const completed = Number(outcome?.completed ?? 0);
  const escalated = Number(outcome?.escalated ?? 0);

  const order = graphOrder(journey.graph);
  const byId = new Map(journey.graph.nodes.map((n) => [n.id, n]));
  const stepsOut: FunnelStep[] = nodeRows
    .map((r) => {
      const node = byId.get(r.node_id);
      return { nodeId: r.node_id, label: node ? (node.label ?? node.type) : `${r.node_id} (no longer in the journey)`, type: node?.type ?? null, reached: Number(r.reached), left: Number(r.left) };
    })
    .sort((a, b) => (order.get(a.nodeId) ?? Infinity) - (order.get(b.nodeId) ?? Infinity) || b.reached - a.reached || a.nodeId.localeCompare(b.nodeId));
  return { journey: { id: journey.id, name: journey.name }, entered, steps: stepsOut, completed, escalated, dropped: entered - completed - escalated };
}

/** Each node's distance from the journey's trigger (breadth first); unreachable nodes after, in graph order. */
function graphOrder(graph: JourneyGraph): Map<string, number> {
  const order = new Map<string, number>();
  const queue = graph.nodes.filter((n) => n.type === "trigger").map((n) => n.id);
  for (const id of queue) order.set(id, order.size);
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of graph.edges) {
      if (e.source === id && !order.has(e.target)) {
        order.set(e.target, order.size);
        queue.push(e.target);
      }
    }
  }
  for (const n of graph.nodes) if (!order.has(n.id)) order.set(n.id, order.size);
  return order;
}

export type JourneyFunnel = Awaited<ReturnType<typeof journeyFunnel>>;
