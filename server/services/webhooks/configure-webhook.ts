import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { agents } from "@/db/schema";
import { checkOutboundUrl } from "@/server/net/outbound";
import { agentSettings } from "@/server/services/agents/agents";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { readWorkspaceSettings } from "@/server/services/model-settings/workspace-settings";
import { readWebhook, storedWebhook, webhookSecret } from "./webhook-settings";

export const setWebhookInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  url: z
    .url({ message: "Enter the full URL of your endpoint, e.g. https://example.com/hooks/switchback" })
    .refine((u) => /^https?:\/\//.test(u), "The webhook URL must start with https:// (or http://)"),
  rotateSecret: z.boolean().default(false),
});


/** The agent's escalation webhook without its secret. */
export async function getWebhook(ctx: WorkspaceCtx, input: { agentId: string }) {
  const hook = readWebhook(await agentSettings(ctx, input.agentId));
  return hook ? { url: hook.url, configuredAt: hook.configuredAt } : null;
}

/**
 * Sets the escalation webhook's URL. A signing secret is generated the first time (or on rotation) and
 * returned only then: like an API key, it is shown once. The URL must be one the app may call (public, or
 * an allowed host of the workspace); every delivery is checked again.
 */
export async function setWebhook(ctx: WorkspaceCtx, input: z.input<typeof setWebhookInput>) {
  const { agentId, url, rotateSecret } = setWebhookInput.parse(input);
  const { allowedHosts } = await readWorkspaceSettings(ctx.db, ctx.workspace.id);
  await checkOutboundUrl(url, { allowHosts: allowedHosts });
  return ctx.db.transaction(async (tx) => {
    const settings = await agentSettings({ ...ctx, db: tx }, agentId);
    const before = readWebhook(settings);
    const fresh = !before || rotateSecret;
    const secret = fresh ? `whsec_${randomBytes(24).toString("base64url")}` : webhookSecret(before, ctx.workspace.id);
    const webhook = storedWebhook({ url, secret, configuredAt: fresh ? new Date().toISOString() : before.configuredAt }, ctx.workspace.id);
    await tx
      .update(agents)
      .set({ settings: { ...settings, webhook } })
      .where(and(eq(agents.id, agentId), eq(agents.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "webhook.set",
      targetType: "agent",
      targetId: agentId,
      before: before ? { url: before.url } : null,
      after: { url, secretRotated: fresh },
    });
    return { url, secret: fresh ? secret : null };
  });
}

export async function removeWebhook(ctx: WorkspaceCtx, input: { agentId: string }) {
  return ctx.db.transaction(async (tx) => {
    const { webhook: _removed, ...settings } = await agentSettings({ ...ctx, db: tx }, input.agentId);
    const before = readWebhook({ webhook: _removed });
    await tx.update(agents).set({ settings }).where(and(eq(agents.id, input.agentId), eq(agents.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "webhook.remove", targetType: "agent", targetId: input.agentId, before: before ? { url: before.url } : null });
  });
}
