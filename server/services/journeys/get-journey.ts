import "server-only";
import { toIssueCatalog } from "@/lib/journey/issues";
import type { WorkspaceCtx } from "@/server/services/context";
import { findJourney } from "./find-journey";
import { journeyIssues } from "./journey-issues";
import { loadJourneyCatalog } from "./load-catalog";

/** One journey for the canvas: its graph, revision (for optimistic saves) and issues. */
export async function getJourney(ctx: WorkspaceCtx, input: { journeyId: string }) {
  const row = await findJourney(ctx, ctx.db, input.journeyId);
  const catalog = await loadJourneyCatalog(ctx, { agentId: row.agentId });
  return {
    id: row.id,
    agentId: row.agentId,
    name: row.name,
    enabled: row.enabled,
    revision: row.revision,
    updatedAt: row.updatedAt,
    graph: row.graph,
    issues: journeyIssues(row.graph, toIssueCatalog(catalog)),
  };
}
