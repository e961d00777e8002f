import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, webhookDeliveries } from "@/db/schema";
import { earliestRetryAt, isLastAttempt, type JobHandler } from "@/server/jobs/handler";
import type { DeliverWebhookJobData } from "@/server/jobs/queues";
import { outboundRequest } from "@/server/net/outbound";
import { readWorkspaceSettings } from "@/server/services/model-settings/workspace-settings";
import { signatureHeader } from "./sign";
import { readWebhook, webhookSecret } from "./webhook-settings";

const TIMEOUT_MS = 10_000;

/**
 * The job that POSTs one delivery, signed with the agent's current secret. A non-2xx answer or a network
 * error throws, so the queue retries with backoff; every attempt is recorded on the delivery row. It goes
 * through the guarded client: an address the workspace may not call is refused (and recorded) every time.
 */
export const deliverWebhook: JobHandler<DeliverWebhookJobData> = async (db: Db, job) => {
  const { deliveryId } = job.data;
  const [row] = await db
    .select({ delivery: webhookDeliveries, settings: agents.settings })
    .from(webhookDeliveries)
    .innerJoin(agents, and(eq(agents.id, webhookDeliveries.agentId), eq(agents.workspaceId, webhookDeliveries.workspaceId)))
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  if (!row || row.delivery.status === "delivered") return;
  const hook = readWebhook(row.settings);
  const record = (set: Partial<typeof webhookDeliveries.$inferInsert>) =>
    db.update(webhookDeliveries).set({ attempts: job.retryCount + 1, ...set }).where(eq(webhookDeliveries.id, deliveryId));

  let status: number | null = null;
  let error: string;
  if (!hook) {
    error = "The agent's webhook was removed";
  } else {
    const body = JSON.stringify(row.delivery.payload);
    const { allowedHosts } = await readWorkspaceSettings(db, row.delivery.workspaceId);
    try {
      const res = await outboundRequest(row.delivery.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Switchback-Webhooks/1",
          "x-switchback-event": row.delivery.event,
          "x-switchback-delivery": deliveryId,
          "x-switchback-signature": signatureHeader(webhookSecret(hook, row.delivery.workspaceId), body),
        },
        body,
        allowHosts: allowedHosts,
        timeoutMs: TIMEOUT_MS,
        maxRedirects: 0,
        maxBytes: 1024 * 1024,
      });
      status = res.status;
      if (status >= 200 && status < 300) {
        await record({ status: "delivered", responseStatus: status, lastError: null, deliveredAt: new Date(), nextAttemptAt: null });
        return;
      }
      error = `The endpoint answered HTTP ${status}`;
    } catch (e) {
      // The guarded client's messages say what failed: refused address, DNS, unreachable, timeout.
      error = (e as Error).message;
    }
  }
  const final = isLastAttempt(job);
  await record({ status: final || !hook ? "failed" : "pending", responseStatus: status, lastError: error, nextAttemptAt: hook ? earliestRetryAt(job) : null });
  if (hook) throw new Error(error);
};
