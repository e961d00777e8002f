import "server-only";
import { toIssueCatalog } from "@/lib/journey/issues";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { journeys } from "@/db/schema";
import type { saveJourneyGraphInput } from "@/lib/journey/inputs";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { findJourney, graphSummary } from "./find-journey";
import { journeyIssues } from "./journey-issues";
import { loadJourneyCatalog } from "./load-catalog";

/**
 * Saves the canvas's graph if nobody saved since `revision` (optimistic concurrency: a stale save is a
 * CONFLICT and changes nothing). Invalid graphs are saved as drafts; the issues come back with the save.
 */
export async function saveJourneyGraph(ctx: WorkspaceCtx, input: z.output<typeof saveJourneyGraphInput>) {
  const saved = await ctx.db.transaction(async (tx) => {
    // Row lock: two saves of the same revision serialize, and the second sees the first's revision.
    const before = await findJourney(ctx, tx, input.journeyId, true);
    if (before.revision !== input.revision) {
      throw conflict(`This journey was changed elsewhere (you started from revision ${input.revision}, it is now at ${before.revision}). Reload theirs or overwrite with yours.`);
    }
    const [row] = await tx
      .update(journeys)
      .set({ graph: input.graph, trigger: input.graph.trigger, revision: before.revision + 1, updatedAt: new Date() })
      .where(and(eq(journeys.id, input.journeyId), eq(journeys.workspaceId, ctx.workspace.id)))
      .returning({ id: journeys.id, agentId: journeys.agentId, revision: journeys.revision, updatedAt: journeys.updatedAt });
    const beforeIds = new Set(before.graph.nodes.map((n) => n.id));
    const afterIds = new Set(input.graph.nodes.map((n) => n.id));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "journey.save",
      targetType: "journey",
      targetId: input.journeyId,
      before: { revision: before.revision, ...graphSummary(before.graph) },
      after: {
        revision: row!.revision,
        ...graphSummary(input.graph),
        added: [...afterIds].filter((id) => !beforeIds.has(id)),
        removed: [...beforeIds].filter((id) => !afterIds.has(id)),
      },
    });
    return row!;
  });
  const catalog = await loadJourneyCatalog(ctx, { agentId: saved.agentId });
  return { revision: saved.revision, updatedAt: saved.updatedAt, issues: journeyIssues(input.graph, toIssueCatalog(catalog)) };
}
