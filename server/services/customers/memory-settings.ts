import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { workspaces } from "@/db/schema";
import { type MemorySettings, resolveMemorySettings, saveMemorySettingsInput } from "@/lib/schemas/customers";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

// Which kinds of fact the agent may keep about a customer, and for how long: workspaces.settings.memory
// (read with the other workspace settings for every turn, so it costs no query of its own).

export async function getMemorySettings(ctx: WorkspaceCtx): Promise<MemorySettings> {
  const [row] = await ctx.db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).limit(1);
  if (!row) throw notFound("Workspace");
  return resolveMemorySettings(row.settings.memory);
}

export async function saveMemorySettings(ctx: WorkspaceCtx, input: z.input<typeof saveMemorySettingsInput>): Promise<MemorySettings> {
  const memory = saveMemorySettingsInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).for("update");
    if (!row) throw notFound("Workspace");
    const before = resolveMemorySettings(row.settings.memory);
    await tx
      .update(workspaces)
      .set({ settings: { ...row.settings, memory } })
      .where(eq(workspaces.id, ctx.workspace.id));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "memory.settings.update", targetType: "workspace", targetId: ctx.workspace.id, before, after: memory });
    return memory;
  });
}
