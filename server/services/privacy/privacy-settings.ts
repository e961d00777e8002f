import "server-only";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";
import { type PrivacySettings, privacySettingsSchema, resolvePrivacySettings, savePrivacySettingsInput } from "@/lib/schemas/privacy";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

export async function readPrivacySettings(db: Db, workspaceId: string): Promise<PrivacySettings> {
  const [row] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  if (!row) throw notFound("Workspace");
  return resolvePrivacySettings(row.settings);
}

export const getPrivacySettings = (ctx: WorkspaceCtx) => readPrivacySettings(ctx.db, ctx.workspace.id);

/** Saves retention and redaction under settings.privacy (other keys untouched), audited `settings.privacy` with before and after. */
export async function savePrivacySettings(ctx: WorkspaceCtx, input: z.input<typeof savePrivacySettingsInput>): Promise<PrivacySettings> {
  const next = privacySettingsSchema.parse(savePrivacySettingsInput.parse(input));
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).for("update");
    if (!row) throw notFound("Workspace");
    const before = resolvePrivacySettings(row.settings);
    await tx
      .update(workspaces)
      .set({ settings: sql`coalesce(${workspaces.settings}, '{}'::jsonb) || jsonb_build_object('privacy', ${JSON.stringify(next)}::text::jsonb)` })
      .where(eq(workspaces.id, ctx.workspace.id));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "settings.privacy", targetType: "workspace", targetId: ctx.workspace.id, before, after: next });
    return next;
  });
}
