import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { agents, webhookDeliveries } from "@/db/schema";
import { DELIVER_WEBHOOK_QUEUE } from "@/server/jobs/queues";
import { sendJob } from "@/server/jobs/send-job";
import { readWebhook } from "@/server/services/webhooks/webhook-settings";

export const ROLLBACK_WEBHOOK_EVENT = "release.auto_rollback";

/**
 * Queues one signed `release.auto_rollback` delivery to the agent's webhook (the delivery queue, signature
 * and retries of every other event), in the transaction that stopped the canary. Null: no webhook.
 */
export async function sendRollbackWebhook(
  tx: Tx,
  input: { workspace: { id: string; slug: string }; agentId: string; canary: number; control: number; window: unknown; conversations: unknown; rule: unknown; breaches: unknown },
): Promise<string | null> {
  const { workspace, agentId, ...numbers } = input;
  const [agent] = await tx
    .select({ id: agents.id, slug: agents.slug, name: agents.name, settings: agents.settings })
    .from(agents)
    .where(and(eq(agents.id, agentId), eq(agents.workspaceId, workspace.id)))
    .limit(1);
  const hook = agent && readWebhook(agent.settings);
  if (!agent || !hook) return null;
  const [delivery] = await tx
    .insert(webhookDeliveries)
    .values({ workspaceId: workspace.id, agentId, conversationId: null, event: ROLLBACK_WEBHOOK_EVENT, url: hook.url, payload: {}, nextAttemptAt: new Date() })
    .returning({ id: webhookDeliveries.id, createdAt: webhookDeliveries.createdAt });
  const payload = {
    id: delivery!.id,
    event: ROLLBACK_WEBHOOK_EVENT,
    createdAt: delivery!.createdAt.toISOString(),
    workspace: { id: workspace.id, slug: workspace.slug },
    agent: { id: agent.id, slug: agent.slug, name: agent.name },
    rollback: numbers,
  };
  await tx.update(webhookDeliveries).set({ payload }).where(eq(webhookDeliveries.id, delivery!.id));
  await sendJob(tx, DELIVER_WEBHOOK_QUEUE, { workspaceId: workspace.id, deliveryId: delivery!.id });
  return delivery!.id;
}
