import "server-only";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { workspaces } from "@/db/schema";
import { handoffSettingsSchema } from "@/lib/schemas/inbox";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { readHandoffSettings } from "./read-handoff-settings";

/** Saves the business hours and maximum wait under settings.handoff; the other settings keys stay as they are. */
export async function saveHandoffSettings(ctx: WorkspaceCtx, input: z.input<typeof handoffSettingsSchema>) {
  const next = handoffSettingsSchema.parse(input);
  const before = await readHandoffSettings(ctx.db, ctx.workspace.id);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(workspaces)
      .set({ settings: sql`coalesce(${workspaces.settings}, '{}'::jsonb) || jsonb_build_object('handoff', ${JSON.stringify(next)}::text::jsonb)` })
      .where(eq(workspaces.id, ctx.workspace.id));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "settings.handoff", targetType: "workspace", targetId: ctx.workspace.id, before, after: next });
  });
  return next;
}
