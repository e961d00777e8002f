import "server-only";
import { journeys } from "@/db/schema";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { findJourney, graphSummary } from "./find-journey";

/** A disabled copy ("… (copy)"), so two journeys never compete for the same messages by accident. */
export async function duplicateJourney(ctx: WorkspaceCtx, input: { journeyId: string }) {
  return ctx.db.transaction(async (tx) => {
    const source = await findJourney(ctx, tx, input.journeyId);
    const name = `${source.name} (copy)`.slice(0, 80);
    const [row] = await tx
      .insert(journeys)
      .values({ workspaceId: ctx.workspace.id, agentId: source.agentId, name, enabled: false, trigger: source.graph.trigger, graph: source.graph })
      .returning({ id: journeys.id, name: journeys.name, revision: journeys.revision, enabled: journeys.enabled });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "journey.duplicate",
      targetType: "journey",
      targetId: row!.id,
      before: { from: source.id, name: source.name },
      after: { name, enabled: false, graph: graphSummary(source.graph) },
    });
    return row!;
  });
}
