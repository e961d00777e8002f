import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agents } from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/server/crypto/secret-box";

/**
 * The escalation webhook kept in agents.settings.webhook. Its signing secret is encrypted like workspace
 * secrets (secret-box, bound to the workspace) and never leaves the server after it is first shown.
 * `secret` is the plaintext a version before encryption stored: still read, rewritten encrypted at start.
 */
export const webhookSettingSchema = z
  .object({ url: z.url(), secretCiphertext: z.string().optional(), secret: z.string().min(16).optional(), configuredAt: z.string() })
  .refine((w) => w.secretCiphertext || w.secret);
export type WebhookSetting = z.infer<typeof webhookSettingSchema>;

export function readWebhook(settings: Record<string, unknown>): WebhookSetting | null {
  const parsed = webhookSettingSchema.safeParse(settings.webhook);
  return parsed.success ? parsed.data : null;
}

/** The signing secret in clear, for signing a delivery. */
export function webhookSecret(hook: WebhookSetting, workspaceId: string): string {
  return hook.secretCiphertext ? decryptSecret(hook.secretCiphertext, workspaceId) : hook.secret!;
}

/** The setting as stored: the secret encrypted, never in clear. */
export function storedWebhook(input: { url: string; secret: string; configuredAt: string }, workspaceId: string) {
  return { url: input.url, secretCiphertext: encryptSecret(input.secret, workspaceId), configuredAt: input.configuredAt };
}

/** Encrypts every webhook secret still stored in clear; returns how many were rewritten. Safe to run again. */
export async function encryptPlaintextWebhookSecrets(db: Db): Promise<number> {
  const rows = await db
    .select({ id: agents.id, workspaceId: agents.workspaceId, settings: agents.settings })
    .from(agents)
    .where(sql`${agents.settings} -> 'webhook' ? 'secret'`);
  for (const row of rows) {
    const hook = readWebhook(row.settings);
    if (!hook?.secret) continue;
    const webhook = storedWebhook({ url: hook.url, secret: hook.secret, configuredAt: hook.configuredAt }, row.workspaceId);
    // Only the webhook key changes, and only if it still holds that plaintext (a concurrent save wins).
    await db
      .update(agents)
      .set({ settings: sql`jsonb_set(${agents.settings}, '{webhook}', ${JSON.stringify(webhook)}::jsonb)` })
      .where(sql`${agents.id} = ${row.id} and ${agents.settings} -> 'webhook' ->> 'secret' = ${hook.secret}`);
  }
  return rows.length;
}
