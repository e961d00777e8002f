import "server-only";
import { and, eq } from "drizzle-orm";
import { scoreCriteria } from "@/db/schema";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { type Criterion, findCriterion } from "./find-criterion";

/** Archives a criterion (it keeps its scores, takes no new ones and leaves the scorecard) or restores it. */
export async function archiveCriterion(ctx: WorkspaceCtx, input: { criterionId: string; archived: boolean }): Promise<Criterion> {
  return ctx.db.transaction(async (tx) => {
    const before = await findCriterion(tx, ctx, input.criterionId);
    if (!!before.archivedAt === input.archived) return before;
    const [row] = await tx
      .update(scoreCriteria)
      .set({ archivedAt: input.archived ? new Date() : null, updatedAt: new Date() })
      .where(and(eq(scoreCriteria.id, before.id), eq(scoreCriteria.workspaceId, ctx.workspace.id)))
      .returning();
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: input.archived ? "criterion.archive" : "criterion.restore",
      targetType: "score_criterion",
      targetId: before.id,
      before: { name: before.name, archived: !input.archived },
      after: { name: before.name, archived: input.archived },
    });
    return row as Criterion;
  });
}
