import "server-only";
import { runIngestJob } from "@/server/knowledge/jobs";
import { deliverWebhook } from "@/server/services/webhooks/deliver-webhook";
import { scanEscalations } from "@/server/services/webhooks/enqueue-escalation";
import { encryptPlaintextWebhookSecrets } from "@/server/services/webhooks/webhook-settings";
import { executeRun, failStalledRuns } from "@/server/services/evals/run-suite";
import { runAnomaliesJob } from "@/server/services/alerts/run-anomalies-job";
import { runTopicsJob } from "@/server/services/topics/run-topics-job";
import { processEnded } from "@/server/services/annotation/process-ended";
import { isLastAttempt, type JobHandler, type QueuedJob } from "./handler";
import { DELIVER_WEBHOOK_QUEUE, ENCRYPT_SECRETS_QUEUE, EVAL_RUN_QUEUE, type EvalRunJobData, INGEST_QUEUE, PROCESS_ENDED_QUEUE, SCAN_ESCALATIONS_QUEUE, SWEEP_WINDOWS_QUEUE } from "./queues";
import { sweepWindows } from "./sweep-windows";
import { applyRetention } from "@/server/services/privacy/apply-retention";
import { PRIVACY_RETENTION_QUEUE } from "./queues";
import { ANOMALIES_QUEUE, TOPICS_QUEUE } from "./queues";
import { ROLLUP_QUEUE } from "./queues";
import { foldAllPending } from "@/server/services/insights/rollup";
import { runCanaryGuardJob } from "@/server/services/experiments/run-canary-guard-job";
import { CANARY_GUARD_QUEUE } from "./queues";

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
  // Each workspace's retention: conversations older than its setting deleted (aggregates kept) or anonymized.
  [PRIVACY_RETENTION_QUEUE]: async (db) => void (await applyRetention(db)),
  // Conversations that ended or went idle: the judge annotates them, then they are sampled into review queues.
  [PROCESS_ENDED_QUEUE]: async (db) => void (await processEnded(db)),
  // Daily: every agent's topics re-clustered; yesterday (and the two days before) checked for anomalies.
  [TOPICS_QUEUE]: async (db) => void (await runTopicsJob(db)),
  [ANOMALIES_QUEUE]: async (db) => void (await runAnomaliesJob(db)),
  // Every minute: changed conversations folded into their insights facts and rollups.
  [ROLLUP_QUEUE]: async (db) => void (await foldAllPending(db)),
  // Every 15 minutes: running canaries with automatic roll back on, stopped when a guard metric is significantly worse.
  [CANARY_GUARD_QUEUE]: async (db) => void (await runCanaryGuardJob(db)),
};

/** Cron schedules (UTC). pg-boss sends each at most once a minute, whichever process's clock fires. */
export const jobSchedules: { queue: string; cron: string }[] = [
  { queue: SCAN_ESCALATIONS_QUEUE, cron: "* * * * *" },
  { queue: SWEEP_WINDOWS_QUEUE, cron: "* * * * *" },
  { queue: PRIVACY_RETENTION_QUEUE, cron: "17 3 * * *" },
  { queue: PROCESS_ENDED_QUEUE, cron: "* * * * *" },
  { queue: ANOMALIES_QUEUE, cron: "20 0 * * *" },
  { queue: TOPICS_QUEUE, cron: "40 0 * * *" },
  { queue: ROLLUP_QUEUE, cron: "* * * * *" },
  { queue: CANARY_GUARD_QUEUE, cron: "*/15 * * * *" },
];

/** Workers per queue in one process; webhook deliveries wait on the network, so several run at once. */
export const concurrency: Record<string, number> = { [DELIVER_WEBHOOK_QUEUE]: 4 };
