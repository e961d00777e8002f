// The queues and their retry policies. A queue is schema (pg-boss keeps each in its own partition): it is
// created by a migration with these options, and queues.test.ts fails when the two drift apart.

export interface QueueOptions {
  /** standard; singleton: one active job per singleton key (and none behind it is fetched meanwhile); short: one waiting job per key. */
  policy: "standard" | "singleton" | "short";
  /** Retries after the first attempt; then the job stays `failed` (the dead-letter state the studio lists). */
  retryLimit: number;
  /** Seconds before the first retry; with backoff it doubles each time (with jitter). */
  retryDelay: number;
  retryBackoff: boolean;
  /** An active job not completed within this long is failed (and retried): its worker died or hung. */
  expireInSeconds: number;
}

export const INGEST_QUEUE = "knowledge.ingest";
export const DELIVER_WEBHOOK_QUEUE = "webhook.deliver";
export const SCAN_ESCALATIONS_QUEUE = "webhooks.scan-escalations";
export const SWEEP_WINDOWS_QUEUE = "housekeeping.sweep-windows";
export const ENCRYPT_SECRETS_QUEUE = "webhooks.encrypt-secrets";
export const EVAL_RUN_QUEUE = "evals.run";
export const PROCESS_ENDED_QUEUE = "review.process-ended";
export const PRIVACY_RETENTION_QUEUE = "privacy.retention";
export const TOPICS_QUEUE = "insights.topics";
export const ANOMALIES_QUEUE = "insights.anomalies";
export const ROLLUP_QUEUE = "insights.rollup";
export const CANARY_GUARD_QUEUE = "experiments.canary-guard";

export const queueOptions: Record<string, QueueOptions> = {
  // Not a singleton per document: pg-boss 10's fetch stops at a waiting singleton job, so one document's
  // next version would hold up every other upload. No heartbeat either: the expiry exceeds the longest run.
  [INGEST_QUEUE]: { policy: "standard", retryLimit: 4, retryDelay: 2, retryBackoff: true, expireInSeconds: 900 },
  [DELIVER_WEBHOOK_QUEUE]: { policy: "standard", retryLimit: 4, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
  // Housekeeping on a schedule: one run at a time across every process.
  [SCAN_ESCALATIONS_QUEUE]: { policy: "singleton", retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 300 },
  [SWEEP_WINDOWS_QUEUE]: { policy: "singleton", retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 300 },
  // Sent by every process that starts workers; `short` keeps one waiting at a time.
  [ENCRYPT_SECRETS_QUEUE]: { policy: "short", retryLimit: 2, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  // A suite run: a retry resumes it (finished cases are kept); the expiry exceeds a 1,000-case run (≈ 1 min).
  [EVAL_RUN_QUEUE]: { policy: "standard", retryLimit: 1, retryDelay: 5, retryBackoff: false, expireInSeconds: 900 },
  // Every minute: conversations that ended or went idle are annotated by the judge, then sampled into review queues.
  [PROCESS_ENDED_QUEUE]: { policy: "singleton", retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 300 },
  // Daily: each workspace's retention (delete or anonymize old conversations); the next day's run catches up after a failure.
  [PRIVACY_RETENTION_QUEUE]: { policy: "singleton", retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 3600 },
  // Daily: every agent's topics re-clustered, and yesterday checked for anomalies (one run at a time).
  [TOPICS_QUEUE]: { policy: "singleton", retryLimit: 1, retryDelay: 300, retryBackoff: false, expireInSeconds: 1800 },
  [ANOMALIES_QUEUE]: { policy: "singleton", retryLimit: 1, retryDelay: 300, retryBackoff: false, expireInSeconds: 900 },
  // Every minute: conversations changed since (queued by triggers) folded into their facts and hourly / daily rollups.
  [ROLLUP_QUEUE]: { policy: "singleton", retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 600 },
  // Every 15 minutes: running canaries with automatic roll back on are checked on their guard metrics.
  [CANARY_GUARD_QUEUE]: { policy: "singleton", retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 300 },
};

/** Every job names its workspace (null for housekeeping), so the studio can list a workspace's failures. */
export interface IngestJobData {
  workspaceId: string;
  documentId: string;
  version: number;
}
export interface DeliverWebhookJobData {
  workspaceId: string;
  deliveryId: string;
}
export interface EvalRunJobData {
  workspaceId: string;
  runId: string;
  /** What `{{appUrl}}` in the agent's tools is: the studio that started the run. */
  appUrl: string;
}
