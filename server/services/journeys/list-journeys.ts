import "server-only";
import { toIssueCatalog } from "@/lib/journey/issues";
import { and, asc, eq } from "drizzle-orm";
import { journeys } from "@/db/schema";
import { journeyGraphSchema } from "@/lib/schemas/journey";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { journeyIssues } from "./journey-issues";
import { loadJourneyCatalog } from "./load-catalog";

/** The agent's journeys with their trigger and whether they are valid (computed on read). */
export async function listJourneys(ctx: WorkspaceCtx, input: { agent: string }) {
  const agent = await getAgent(ctx, input.agent);
  const [rows, catalog] = await Promise.all([
    ctx.db
      .select()
      .from(journeys)
      .where(and(eq(journeys.workspaceId, ctx.workspace.id), eq(journeys.agentId, agent.id)))
      .orderBy(asc(journeys.createdAt), asc(journeys.name)),
    loadJourneyCatalog(ctx, { agentId: agent.id }),
  ]);
  return rows.map((row) => {
    const graph = journeyGraphSchema.parse(row.graph);
    const errors = journeyIssues(graph, toIssueCatalog(catalog)).filter((i) => i.severity === "error").length;
    return { id: row.id, name: row.name, enabled: row.enabled, trigger: graph.trigger, revision: row.revision, updatedAt: row.updatedAt, steps: graph.nodes.length, errors, valid: errors === 0 };
  });
}
