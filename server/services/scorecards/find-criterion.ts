import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { scoreCriteria } from "@/db/schema";
import type { Scale, Scorer } from "@/lib/schemas/scorecards";
import { conflict, notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

export type Criterion = Omit<typeof scoreCriteria.$inferSelect, "scale" | "scorer"> & { scale: Scale; scorer: Scorer };

/** A criterion of the caller's workspace; another workspace's is NOT_FOUND. */
export async function findCriterion(tx: Db | Tx, ctx: WorkspaceCtx, criterionId: string): Promise<Criterion> {
  const [row] = await tx.select().from(scoreCriteria).where(and(eq(scoreCriteria.id, criterionId), eq(scoreCriteria.workspaceId, ctx.workspace.id)));
  if (!row) throw notFound("Criterion");
  return row as Criterion;
}

export const criterionTaken = (name: string) => conflict(`A criterion called "${name}" already exists: pick another name`);

/** Whether another criterion of the workspace (archived ones too) has this name, whatever its case. */
export async function isCriterionNameTaken(tx: Db | Tx, workspaceId: string, name: string, exceptId?: string) {
  const [row] = await tx
    .select({ id: scoreCriteria.id })
    .from(scoreCriteria)
    .where(and(eq(scoreCriteria.workspaceId, workspaceId), sql`lower(${scoreCriteria.name}) = lower(${name})`, exceptId ? sql`${scoreCriteria.id} <> ${exceptId}` : undefined));
  return !!row;
}

export const criterionSnapshot = (c: Pick<Criterion, "name" | "description" | "aiRubric" | "scale" | "options" | "scorer">) => ({
  name: c.name,
  description: c.description,
  aiRubric: c.aiRubric,
  scale: c.scale,
  options: c.options,
  scorer: c.scorer,
});
