import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { agents, widgetKeys } from "@/db/schema";
import { notFound } from "@/server/errors";
import { getAgent } from "@/server/services/agents/agents";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { allowedOriginsSchema, widgetThemeSchema } from "./theme";

export const createWidgetKeyInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  allowedOrigins: allowedOriginsSchema.default([]),
  theme: widgetThemeSchema.default(widgetThemeSchema.parse({})),
});

export const updateWidgetKeyInput = z.object({
  widgetKeyId: z.uuid("Unknown widget"),
  allowedOrigins: allowedOriginsSchema.optional(),
  theme: widgetThemeSchema.optional(),
  enabled: z.boolean().optional(),
});

const columns = {
  id: widgetKeys.id,
  agentId: widgetKeys.agentId,
  publicKey: widgetKeys.publicKey,
  allowedOrigins: widgetKeys.allowedOrigins,
  theme: widgetKeys.theme,
  enabled: widgetKeys.enabled,
  createdAt: widgetKeys.createdAt,
  updatedAt: widgetKeys.updatedAt,
};

export async function listWidgetKeys(ctx: WorkspaceCtx, input: { agentId: string }) {
  const agent = await getAgent(ctx, input.agentId);
  const rows = await ctx.db
    .select(columns)
    .from(widgetKeys)
    .where(and(eq(widgetKeys.workspaceId, ctx.workspace.id), eq(widgetKeys.agentId, agent.id)))
    .orderBy(asc(widgetKeys.createdAt));
  return rows.map((r) => ({ ...r, theme: widgetThemeSchema.parse(r.theme) }));
}

/** A public key for the web widget, bound to one agent; it works only on the allowed origins. */
export async function createWidgetKey(ctx: WorkspaceCtx, input: z.input<typeof createWidgetKeyInput>) {
  const { agentId, allowedOrigins, theme } = createWidgetKeyInput.parse(input);
  await getAgent(ctx, agentId);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(widgetKeys)
      .values({ workspaceId: ctx.workspace.id, agentId, publicKey: `sb_pub_${randomBytes(12).toString("base64url")}`, allowedOrigins, theme })
      .returning(columns);
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "widget.create", targetType: "widget_key", targetId: row!.id, after: { agentId, allowedOrigins, theme } });
    return row!;
  });
}

export async function updateWidgetKey(ctx: WorkspaceCtx, input: z.input<typeof updateWidgetKeyInput>) {
  const { widgetKeyId, ...changes } = updateWidgetKeyInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select(columns)
      .from(widgetKeys)
      .where(and(eq(widgetKeys.id, widgetKeyId), eq(widgetKeys.workspaceId, ctx.workspace.id)))
      .limit(1);
    if (!before) throw notFound("Widget");
    const [row] = await tx.update(widgetKeys).set({ ...changes, updatedAt: new Date() }).where(eq(widgetKeys.id, widgetKeyId)).returning(columns);
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "widget.update",
      targetType: "widget_key",
      targetId: widgetKeyId,
      before: { allowedOrigins: before.allowedOrigins, theme: before.theme, enabled: before.enabled },
      after: changes,
    });
    return row!;
  });
}

export async function deleteWidgetKey(ctx: WorkspaceCtx, input: { widgetKeyId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(widgetKeys)
      .where(and(eq(widgetKeys.id, input.widgetKeyId), eq(widgetKeys.workspaceId, ctx.workspace.id)))
      .returning({ id: widgetKeys.id, publicKey: widgetKeys.publicKey, agentId: widgetKeys.agentId });
    if (!row) throw notFound("Widget");
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "widget.delete", targetType: "widget_key", targetId: row.id, before: row });
  });
}

/** What widget.js needs at load: its look and the agent's name (no secrets). */
export async function widgetPublicConfig(ctx: { db: WorkspaceCtx["db"] }, input: { workspaceId: string; agentId: string; theme: unknown }) {
  const [agent] = await ctx.db
    .select({ name: agents.name })
    .from(agents)
    .where(and(eq(agents.id, input.agentId), eq(agents.workspaceId, input.workspaceId)))
    .limit(1);
  if (!agent) throw notFound("Agent");
  return { agent: agent.name, theme: widgetThemeSchema.parse(input.theme ?? {}) };
}
