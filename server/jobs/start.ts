import "server-only";
import { lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rateLimitWindows, signInThrottles } from "@/db/schema";
import { signInLimits } from "@/server/services/users/sign-in-throttle";
import { deliverWebhook } from "@/server/services/webhooks/deliver-webhook";
import { DELIVER_WEBHOOK_JOB, scanEscalations } from "@/server/services/webhooks/enqueue-escalation";
import { encryptPlaintextWebhookSecrets } from "@/server/services/webhooks/webhook-settings";
import { type JobHandler, startJobRunner } from "./runner";

export const jobHandlers: Record<string, JobHandler> = {
  [DELIVER_WEBHOOK_JOB]: deliverWebhook,
};

let lastSweep = 0;
let secretsUpgraded = false;

/** Housekeeping on each tick: announce escalations from every channel; drop old rate-limit and sign-in windows. */
async function tick(db: Db) {
  // Once per process: webhook secrets stored in clear by an older version are encrypted.
  if (!secretsUpgraded) {
    await encryptPlaintextWebhookSecrets(db);
    secretsUpgraded = true;
  }
  await scanEscalations(db);
  if (Date.now() - lastSweep > 60_000) {
    lastSweep = Date.now();
    await db.delete(rateLimitWindows).where(lt(rateLimitWindows.windowStart, sql`now() - interval '10 minutes'`));
    await db.delete(signInThrottles).where(lt(signInThrottles.windowStart, sql`now() - make_interval(secs => ${signInLimits.windowSeconds})`));
  }
}

const globalForJobs = globalThis as unknown as { switchbackJobs?: { stop: () => Promise<void> } };

/** Starts this instance's job runner once per process (called from instrumentation.ts). */
export function startJobs(db: Db) {
  globalForJobs.switchbackJobs ??= startJobRunner(db, { handlers: jobHandlers, onTick: tick, intervalMs: 1000 });
  return globalForJobs.switchbackJobs;
}
