import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { scoreCriteria } from "@/db/schema";
import { invalid, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

/** Puts the scorecard's criteria (the ones not archived) in the order given: every one of them, once. */
export async function reorderCriteria(ctx: WorkspaceCtx, input: { criterionIds: string[] }) {
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: scoreCriteria.id, name: scoreCriteria.name, position: scoreCriteria.position })
      .from(scoreCriteria)
      .where(and(eq(scoreCriteria.workspaceId, ctx.workspace.id), isNull(scoreCriteria.archivedAt)));
    const ours = new Map(rows.map((r) => [r.id, r]));
    // An id of another workspace (or an archived one) is not a criterion of this scorecard.
    if (input.criterionIds.some((id) => !ours.has(id))) throw notFound("Criterion");
    if (new Set(input.criterionIds).size !== input.criterionIds.length || input.criterionIds.length !== rows.length) {
      throw invalid("List every criterion of the scorecard once, in its new order");
    }
    const before = [...rows].sort((a, b) => a.position - b.position).map((r) => r.name);
    for (const [position, id] of input.criterionIds.entries()) {
      await tx.update(scoreCriteria).set({ position }).where(and(eq(scoreCriteria.id, id), eq(scoreCriteria.workspaceId, ctx.workspace.id)));
    }
    const after = input.criterionIds.map((id) => ours.get(id)!.name);
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "criterion.reorder", targetType: "workspace", targetId: ctx.workspace.id, before: { order: before }, after: { order: after } });
    return { criterionIds: input.criterionIds };
  });
}
