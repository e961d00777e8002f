import "server-only";
import type { Db } from "@/db/client";
import { claimJobs, completeJob, failJob, type Job, retryAtFor } from "./queue";

/** `retryAt`: when the job runs again if this attempt throws (null: this is the last attempt). */
export type JobHandler = (db: Db, job: Job, attempt: { final: boolean; retryAt: Date | null }) => Promise<void>;

export interface JobRunnerOptions {
  handlers: Record<string, JobHandler>;
  /** Work that runs on every tick besides claiming jobs (e.g. scanning for escalations to announce). */
  onTick?: (db: Db) => Promise<void>;
  intervalMs?: number;
  batch?: number;
  backoffBaseMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Processes due jobs of the kinds it has handlers for; other kinds in the same table are left to their
 * own workers. A handler that throws is retried with exponential backoff until `maxAttempts`.
 */
export async function runDueJobs(db: Db, opts: JobRunnerOptions): Promise<number> {
  const claimed = await claimJobs(db, { kinds: Object.keys(opts.handlers), limit: opts.batch ?? 10 });
  for (const job of claimed) {
    const retryAt = retryAtFor(job, opts.backoffBaseMs);
    try {
      await opts.handlers[job.kind]!(db, job, { final: retryAt === null, retryAt });
      await completeJob(db, job.id);
    } catch (error) {
      await failJob(db, job.id, error instanceof Error ? error.message : String(error), retryAt);
    }
  }
  return claimed.length;
}

/** Polls until stopped. Ticks never overlap; a failed tick is reported and the next one runs anyway. */
export function startJobRunner(db: Db, opts: JobRunnerOptions): { stop: () => Promise<void> } {
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      await opts.onTick?.(db);
      while (!stopped && (await runDueJobs(db, opts)) > 0);
    } catch (error) {
      (opts.onError ?? console.error)(error);
    }
  };
  const loop = () => {
    if (stopped) return;
    current = tick().then(() => {
      if (!stopped) timer = setTimeout(loop, opts.intervalMs ?? 1000);
    });
  };
  let timer: ReturnType<typeof setTimeout> = setTimeout(loop, 0);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
