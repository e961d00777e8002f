import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { agents, alerts, webhookDeliveries, workspaces } from "@/db/schema";
import { DELIVER_WEBHOOK_QUEUE } from "@/server/jobs/queues";
import { sendJob } from "@/server/jobs/send-job";
import { readWebhook } from "@/server/services/webhooks/webhook-settings";
import { METRICS } from "./daily-series";

export const ALERT_WEBHOOK_EVENT = "insights.anomaly";

/**
 * Queues one signed `insights.anomaly` delivery of a new alert to the agent's webhook (the same delivery
 * queue, signature and retries as the conversation webhooks), in the transaction that stored the alert.
 * Returns the delivery id, or null when the agent has no webhook.
 */
export async function sendAlertWebhook(tx: Tx, alert: typeof alerts.$inferSelect): Promise<string | null> {
  const [row] = await tx
    .select({ agent: { id: agents.id, slug: agents.slug, name: agents.name, settings: agents.settings }, workspaceSlug: workspaces.slug })
    .from(agents)
    .innerJoin(workspaces, eq(workspaces.id, agents.workspaceId))
    .where(and(eq(agents.id, alert.agentId), eq(agents.workspaceId, alert.workspaceId)))
    .limit(1);
  const hook = row && readWebhook(row.agent.settings);
  if (!row || !hook) return null;
  const [delivery] = await tx
    .insert(webhookDeliveries)
    .values({ workspaceId: alert.workspaceId, agentId: alert.agentId, conversationId: null, event: ALERT_WEBHOOK_EVENT, url: hook.url, payload: {}, nextAttemptAt: new Date() })
    .returning({ id: webhookDeliveries.id, createdAt: webhookDeliveries.createdAt });
  const payload = {
    id: delivery!.id,
    event: ALERT_WEBHOOK_EVENT,
    createdAt: delivery!.createdAt.toISOString(),
    workspace: { id: alert.workspaceId, slug: row.workspaceSlug },
    agent: { id: row.agent.id, slug: row.agent.slug, name: row.agent.name },
    alert: {
      id: alert.id,
      metric: alert.metric,
      metricLabel: METRICS[alert.metric].label,
      journey: alert.journeyId ? { id: alert.journeyId, name: alert.journeyName } : null,
      day: alert.day,
      value: alert.value,
      expected: alert.expected,
      scale: alert.scale,
      score: alert.score,
      threshold: alert.threshold,
      volume: alert.volume,
      baselineDays: alert.baselineDays,
    },
  };
  await tx.update(webhookDeliveries).set({ payload }).where(eq(webhookDeliveries.id, delivery!.id));
  await sendJob(tx, DELIVER_WEBHOOK_QUEUE, { workspaceId: alert.workspaceId, deliveryId: delivery!.id });
  return delivery!.id;
}
