import "server-only";
import { runIngestJob } from "@/server/knowledge/jobs";
import { deliverWebhook } from "@/server/services/webhooks/deliver-webhook";
import { scanEscalations } from "@/server/services/webhooks/enqueue-escalation";
import { encryptPlaintextWebhookSecrets } from "@/server/services/webhooks/webhook-settings";
import { executeRun, failStalledRuns } from "@/server/services/evals/run-suite";
import { isLastAttempt, type JobHandler, type QueuedJob } from "./handler";
import { DELIVER_WEBHOOK_QUEUE, ENCRYPT_SECRETS_QUEUE, EVAL_RUN_QUEUE, type EvalRunJobData, INGEST_QUEUE, SCAN_ESCALATIONS_QUEUE, SWEEP_WINDOWS_QUEUE } from "./queues";
import { sweepWindows } from "./sweep-windows";

export const jobHandlers: Record<string, JobHandler<never>> = {
  [INGEST_QUEUE]: runIngestJob,
  [DELIVER_WEBHOOK_QUEUE]: deliverWebhook,
  // Escalations from channels that do not queue their webhook at once (playground, inbox, CLI).
  [SCAN_ESCALATIONS_QUEUE]: async (db) => void (await scanEscalations(db)),
  // Housekeeping: expired rate-limit windows, and eval runs whose worker died for good.
  [SWEEP_WINDOWS_QUEUE]: async (db) => {
    await sweepWindows(db);
    await failStalledRuns(db);
  },
  // A retry resumes the run (its finished cases are kept); the last attempt's failure is the run's error.
  [EVAL_RUN_QUEUE]: (db, job: QueuedJob<EvalRunJobData>) => executeRun(db, { ...job.data, markError: isLastAttempt(job) }),
  // Webhook secrets stored in clear by an older version are encrypted (queued by each process on start).
  [ENCRYPT_SECRETS_QUEUE]: async (db) => void (await encryptPlaintextWebhookSecrets(db)),
};

/** Cron schedules (UTC). pg-boss sends each at most once a minute, whichever process's clock fires. */
export const jobSchedules: { queue: string; cron: string }[] = [
  { queue: SCAN_ESCALATIONS_QUEUE, cron: "* * * * *" },
  { queue: SWEEP_WINDOWS_QUEUE, cron: "* * * * *" },
];

/** Workers per queue in one process; webhook deliveries wait on the network, so several run at once. */
export const concurrency: Record<string, number> = { [DELIVER_WEBHOOK_QUEUE]: 4 };
