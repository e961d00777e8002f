import "server-only";
import type { Db } from "@/db/client";

/** A job as a handler sees it: pg-boss's row with the retry bookkeeping. */
export interface QueuedJob<T = Record<string, unknown>> {
  id: string;
  name: string;
  data: T;
  /** Retries already made: 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
}

/** Throwing fails the attempt: pg-boss retries it with backoff, then leaves it `failed`. */
export type JobHandler<T = Record<string, unknown>> = (db: Db, job: QueuedJob<T>) => Promise<void>;

export const isLastAttempt = (job: Pick<QueuedJob, "retryCount" | "retryLimit">) => job.retryCount >= job.retryLimit;

/**
 * The earliest time a failing attempt runs again (null after the last one). pg-boss waits
 * delay·2^n … delay·2^(n+1) seconds with jitter before retry n+1, or `delay` without backoff.
 */
export function earliestRetryAt(job: Omit<QueuedJob, "id" | "name" | "data">, now = Date.now()): Date | null {
  if (isLastAttempt(job)) return null;
  const seconds = job.retryBackoff ? job.retryDelay * 2 ** Math.min(16, job.retryCount) : job.retryDelay;
  return new Date(now + seconds * 1000);
}
