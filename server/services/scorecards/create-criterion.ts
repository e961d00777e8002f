import "server-only";
import { eq, max } from "drizzle-orm";
import type { z } from "zod";
import { scoreCriteria } from "@/db/schema";
import type { createCriterionInput } from "@/lib/schemas/scorecards";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { type Criterion, criterionSnapshot, criterionTaken, isCriterionNameTaken } from "./find-criterion";

/** Adds a criterion at the end of the scorecard. */
export async function createCriterion(ctx: WorkspaceCtx, input: z.output<typeof createCriterionInput>): Promise<Criterion> {
  return ctx.db.transaction(async (tx) => {
    if (await isCriterionNameTaken(tx, ctx.workspace.id, input.name)) throw criterionTaken(input.name);
    const [last] = await tx.select({ position: max(scoreCriteria.position) }).from(scoreCriteria).where(eq(scoreCriteria.workspaceId, ctx.workspace.id));
    // A concurrent create of the same name meets the unique index: nothing is inserted.
    const [row] = await tx
      .insert(scoreCriteria)
      .values({ workspaceId: ctx.workspace.id, ...input, position: (last?.position ?? -1) + 1, createdBy: ctx.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw criterionTaken(input.name);
    const criterion = row as Criterion;
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "criterion.create", targetType: "score_criterion", targetId: row.id, after: criterionSnapshot(criterion) });
    return criterion;
  });
}
