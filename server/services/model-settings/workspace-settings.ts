import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { type MemorySettings, resolveMemorySettings } from "@/lib/schemas/customers";
import { resolvePrivacySettings } from "@/lib/schemas/privacy";
import { secrets, workspaces } from "@/db/schema";
import { type ModelSettings, modelSettingsSchema, workspaceSettingsSchema } from "@/lib/schemas/workspace-settings";
import { invalid, notFound } from "@/server/errors";
import { checkOutboundUrl } from "@/server/net/outbound";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

export interface ResolvedWorkspaceSettings {
  model: ModelSettings;
  allowedHosts: string[];
  /** Which facts about customers the agent keeps (server/services/customers/memory-settings.ts). */
  memory: MemorySettings;
  /** Redact emails, phone and card numbers in stored traces and tool executions (settings.privacy, server/services/privacy). */
  redactPii: boolean;
}

/** The workspace's settings, defaulted: local models and no private hosts. Unknown keys are kept by save. */
export async function readWorkspaceSettings(db: Db, workspaceId: string): Promise<ResolvedWorkspaceSettings> {
  const [row] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  if (!row) throw notFound("Workspace");
  return resolveWorkspaceSettings(row.settings);
}

/** The settings column, defaulted. */
export function resolveWorkspaceSettings(settings: unknown): ResolvedWorkspaceSettings {
  const parsed = workspaceSettingsSchema.safeParse(settings ?? {});
  // A settings row written by an older version should not break every turn: fall back to local.
  const s = parsed.success ? parsed.data : {};
  return { model: s.model ?? { kind: "local" }, allowedHosts: s.allowedHosts ?? [], memory: resolveMemorySettings((settings as { memory?: unknown } | null)?.memory), redactPii: resolvePrivacySettings(settings).redactPii };
}

export async function getWorkspaceSettings(ctx: WorkspaceCtx): Promise<ResolvedWorkspaceSettings> {
  return readWorkspaceSettings(ctx.db, ctx.workspace.id);
}

export const saveWorkspaceSettingsInput = workspaceSettingsSchema.required();

export async function saveWorkspaceSettings(ctx: WorkspaceCtx, input: z.input<typeof saveWorkspaceSettingsInput>): Promise<ResolvedWorkspaceSettings> {
  const next = saveWorkspaceSettingsInput.parse(input);
  const model = modelSettingsSchema.parse(next.model);
  const allowedHosts = [...new Set(next.allowedHosts)];
  if (model.kind === "llm") {
    const [secret] = await ctx.db
      .select({ id: secrets.id })
      .from(secrets)
      .where(and(eq(secrets.workspaceId, ctx.workspace.id), eq(secrets.name, model.apiKeySecret)))
      .limit(1);
    if (!secret) throw invalid(`There is no secret named ${model.apiKeySecret}: add it under Settings → Secrets first`);
    await checkOutboundUrl(model.baseURL, { allowHosts: allowedHosts });
  }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id)).for("update");
    const before = row?.settings ?? {};
    const settings = { ...before, model, allowedHosts };
    await tx.update(workspaces).set({ settings }).where(eq(workspaces.id, ctx.workspace.id));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "workspace.settings.update",
      targetType: "workspace",
      targetId: ctx.workspace.id,
      before: { model: before.model ?? null, allowedHosts: before.allowedHosts ?? [] },
      after: { model, allowedHosts },
    });
    return { model, allowedHosts, memory: resolveMemorySettings(before.memory), redactPii: resolvePrivacySettings(before).redactPii };
  });
}
