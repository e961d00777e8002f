import "server-only";
import { and, eq } from "drizzle-orm";
import { journeys } from "@/db/schema";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { findJourney } from "./find-journey";

export async function deleteJourney(ctx: WorkspaceCtx, input: { journeyId: string }) {
  return ctx.db.transaction(async (tx) => {
    const before = await findJourney(ctx, tx, input.journeyId, true);
    await tx.delete(journeys).where(and(eq(journeys.id, input.journeyId), eq(journeys.workspaceId, ctx.workspace.id)));
    // The whole graph goes into the audit row: it is the only copy left.
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "journey.delete",
      targetType: "journey",
      targetId: input.journeyId,
      before: { name: before.name, enabled: before.enabled, revision: before.revision, graph: before.graph },
    });
  });
}
