import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";
import { DEFAULT_KAPPA_THRESHOLD, reviewSettingsSchema, type setKappaThresholdInput } from "@/lib/schemas/annotation";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

// The kappa below which a criterion's AI scores are "not trusted": workspaces.settings.review.kappaThreshold
// (the settings column keeps keys other services do not know, so no migration).

const thresholdOf = (settings: unknown) => {
  const review = reviewSettingsSchema.safeParse((settings as { review?: unknown } | null)?.review ?? {});
  return review.success ? (review.data.kappaThreshold ?? DEFAULT_KAPPA_THRESHOLD) : DEFAULT_KAPPA_THRESHOLD;
};

export async function readKappaThreshold(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  if (!row) throw notFound("Workspace");
  return thresholdOf(row.settings);
}

/** Admins set the threshold; the change and the value before are audited. */
export async function setKappaThreshold(ctx: WorkspaceCtx, input: z.output<typeof setKappaThresholdInput>) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).for("update");
    const settings = (row?.settings ?? {}) as Record<string, unknown>;
    const before = thresholdOf(settings);
    const review = { ...((settings.review as Record<string, unknown> | undefined) ?? {}), kappaThreshold: input.threshold };
    await tx.update(workspaces).set({ settings: { ...settings, review } }).where(eq(workspaces.id, ctx.workspace.id));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "workspace.kappa_threshold",
      targetType: "workspace",
      targetId: ctx.workspace.id,
      before: { kappaThreshold: before },
      after: { kappaThreshold: input.threshold },
    });
    return { threshold: input.threshold };
  });
}
