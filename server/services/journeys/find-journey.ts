import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { journeys } from "@/db/schema";
import { type JourneyGraph, journeyGraphSchema } from "@/lib/schemas/journey";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

/** The journey row inside the caller's workspace (another workspace's id is NOT_FOUND); `lock` for updates. */
export async function findJourney(ctx: WorkspaceCtx, db: Db | Tx, journeyId: string, lock = false) {
  const query = db
    .select()
    .from(journeys)
    .where(and(eq(journeys.id, journeyId), eq(journeys.workspaceId, ctx.workspace.id)))
    .limit(1);
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Journey");
  return { ...row, graph: journeyGraphSchema.parse(row.graph) as JourneyGraph };
}

/** A compact picture of a graph for audit rows (autosave would otherwise store whole graphs each time). */
export function graphSummary(graph: JourneyGraph) {
  return { nodes: graph.nodes.length, edges: graph.edges.length, nodeIds: graph.nodes.map((n) => n.id) };
}
