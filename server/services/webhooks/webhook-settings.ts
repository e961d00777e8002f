import "server-only";
import { z } from "zod";

/** The escalation webhook kept in agents.settings.webhook (the secret never leaves the server after creation). */
export const webhookSettingSchema = z.object({ url: z.url(), secret: z.string().min(16), configuredAt: z.string() });
export type WebhookSetting = z.infer<typeof webhookSettingSchema>;

export function readWebhook(settings: Record<string, unknown>): WebhookSetting | null {
  const parsed = webhookSettingSchema.safeParse(settings.webhook);
  return parsed.success ? parsed.data : null;
}
