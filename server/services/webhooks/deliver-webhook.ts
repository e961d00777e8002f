import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, webhookDeliveries } from "@/db/schema";
import type { JobHandler } from "@/server/jobs/runner";
import { signatureHeader } from "./sign";
import { readWebhook } from "./webhook-settings";

const TIMEOUT_MS = 10_000;

/**
 * The job that POSTs one delivery, signed with the agent's current secret. A non-2xx answer or a network
 * error throws, so the runner retries with backoff; every attempt is recorded on the delivery row.
 */
export const deliverWebhook: JobHandler = async (db: Db, job, attempt) => {
  const deliveryId = String(job.payload.deliveryId);
  const [row] = await db
    .select({ delivery: webhookDeliveries, settings: agents.settings })
    .from(webhookDeliveries)
    .innerJoin(agents, and(eq(agents.id, webhookDeliveries.agentId), eq(agents.workspaceId, webhookDeliveries.workspaceId)))
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  if (!row || row.delivery.status === "delivered") return;
  const hook = readWebhook(row.settings);
  const record = (set: Partial<typeof webhookDeliveries.$inferInsert>) =>
    db.update(webhookDeliveries).set({ attempts: job.attempts, ...set }).where(eq(webhookDeliveries.id, deliveryId));

  let status: number | null = null;
  let error: string;
  if (!hook) {
    error = "The agent's webhook was removed";
  } else {
    const body = JSON.stringify(row.delivery.payload);
    try {
      const res = await fetch(row.delivery.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Switchback-Webhooks/1",
          "x-switchback-event": row.delivery.event,
          "x-switchback-delivery": deliveryId,
          "x-switchback-signature": signatureHeader(hook.secret, body),
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: "manual",
      });
      status = res.status;
      await res.body?.cancel();
      if (res.ok) {
        await record({ status: "delivered", responseStatus: status, lastError: null, deliveredAt: new Date(), nextAttemptAt: null });
        return;
      }
      error = `The endpoint answered HTTP ${status}`;
    } catch (e) {
      error = e instanceof Error && e.name === "TimeoutError" ? `No answer within ${TIMEOUT_MS / 1000} s` : `Could not reach the endpoint: ${(e as Error).message}`;
    }
  }
  await record({ status: attempt.final || !hook ? "failed" : "pending", responseStatus: status, lastError: error, nextAttemptAt: hook ? attempt.retryAt : null });
  if (hook) throw new Error(error);
};
