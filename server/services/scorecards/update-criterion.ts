import "server-only";
import { and, eq, notInArray } from "drizzle-orm";
import type { z } from "zod";
import { conversationScores, scoreCriteria } from "@/db/schema";
import type { updateCriterionInput } from "@/lib/schemas/scorecards";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { type Criterion, criterionSnapshot, criterionTaken, findCriterion, isCriterionNameTaken } from "./find-criterion";

/**
 * Renames, redescribes or rescales a criterion. Its stored scores must stay on its scale: a scored
 * criterion keeps its scale, and a choice keeps every option already given.
 */
export async function updateCriterion(ctx: WorkspaceCtx, input: z.output<typeof updateCriterionInput>): Promise<Criterion> {
  return ctx.db.transaction(async (tx) => {
    const before = await findCriterion(tx, ctx, input.criterionId);
    if (await isCriterionNameTaken(tx, ctx.workspace.id, input.name, before.id)) throw criterionTaken(input.name);
    const scored = and(eq(conversationScores.criterionId, before.id), eq(conversationScores.workspaceId, ctx.workspace.id));
    if (input.scale !== before.scale) {
      const [any] = await tx.select({ id: conversationScores.id }).from(conversationScores).where(scored).limit(1);
      if (any) throw conflict(`"${before.name}" has scores on its scale: archive it and add a new criterion to score on another scale`);
    } else if (input.scale === "choice") {
      const [dropped] = await tx
        .select({ value: conversationScores.value })
        .from(conversationScores)
        .where(and(scored, notInArray(conversationScores.value, input.options)))
        .limit(1);
      if (dropped) throw conflict(`"${dropped.value}" is a score some conversations have: keep it among the choices`);
    }
    const { criterionId: _, ...fields } = input;
    const [row] = await tx
      .update(scoreCriteria)
      .set({ ...fields, updatedAt: new Date() })
      .where(and(eq(scoreCriteria.id, before.id), eq(scoreCriteria.workspaceId, ctx.workspace.id)))
      .returning();
    const criterion = row as Criterion;
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "criterion.update",
      targetType: "score_criterion",
      targetId: before.id,
      before: criterionSnapshot(before),
      after: criterionSnapshot(criterion),
    });
    return criterion;
  });
}
