import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { journeys } from "@/db/schema";
import type { updateJourneyInput } from "@/lib/journey/inputs";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { findJourney } from "./find-journey";

/**
 * Renames, enables/disables or re-describes the trigger. Bumps revision and updated_at like every change:
 * the runtime's draft cache is keyed on them, and an open canvas learns its copy is stale.
 */
export async function updateJourney(ctx: WorkspaceCtx, input: z.output<typeof updateJourneyInput>) {
  const { journeyId, ...changes } = input;
  return ctx.db.transaction(async (tx) => {
    const before = await findJourney(ctx, tx, journeyId, true);
    const graph = changes.trigger ? { ...before.graph, trigger: changes.trigger } : before.graph;
    const [row] = await tx
      .update(journeys)
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
        ...(changes.trigger ? { trigger: changes.trigger, graph } : {}),
        revision: sql`${journeys.revision} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(journeys.id, journeyId), eq(journeys.workspaceId, ctx.workspace.id)))
      .returning({ id: journeys.id, name: journeys.name, enabled: journeys.enabled, revision: journeys.revision });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "journey.update",
      targetType: "journey",
      targetId: journeyId,
      before: { name: before.name, enabled: before.enabled, trigger: before.graph.trigger, revision: before.revision },
      after: { ...changes, revision: row!.revision },
    });
    return row!;
  });
}
