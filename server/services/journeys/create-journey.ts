import "server-only";
import type { z } from "zod";
import { journeys } from "@/db/schema";
import { type createJourneyInput } from "@/lib/journey/inputs";
import { starterGraph } from "@/lib/journey/node-defaults";
import { getAgent } from "@/server/services/agents/agents";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { graphSummary } from "./find-journey";

/** A new journey: an imported graph, or a trigger node alone. New journeys start disabled until drawn. */
export async function createJourney(ctx: WorkspaceCtx, input: z.output<typeof createJourneyInput>) {
  const agent = await getAgent(ctx, input.agent);
  const graph = input.graph ?? starterGraph(input.trigger);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(journeys)
      .values({ workspaceId: ctx.workspace.id, agentId: agent.id, name: input.name, enabled: input.graph !== undefined, trigger: graph.trigger, graph })
      .returning({ id: journeys.id, name: journeys.name, revision: journeys.revision, enabled: journeys.enabled });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "journey.create",
      targetType: "journey",
      targetId: row!.id,
      after: { name: input.name, agentId: agent.id, enabled: row!.enabled, trigger: graph.trigger, graph: graphSummary(graph) },
    });
    return row!;
  });
}
