import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import type { JobHandler, QueuedJob } from "./handler";
import { jobsApi } from "./send-job";

export interface DrainOptions {
  /** Only this workspace's jobs: test files and the seed share a database with other workspaces' work. */
  workspaceId?: string;
  /** Run jobs waiting out a retry delay now, as if the delay had passed. */
  ignoreRetryDelay?: boolean;
  /** Stop after this many jobs (e.g. one attempt at a time). */
  limit?: number;
}

/**
 * Claims one due job of the queue as pg-boss's fetch does (active, SKIP LOCKED, one active job per
 * singleton key), restricted to a workspace; pg-boss's own fetch cannot filter on the job's data.
 */
async function claimJob(db: Db, queue: string, opts: DrainOptions): Promise<QueuedJob | null> {
  const rows = rowsOf<QueuedJob>(
    await db.execute(sql`
      with next as (
        select id from pgboss.job j
        where name = ${queue} and state < 'active'
          ${opts.ignoreRetryDelay ? sql`` : sql`and start_after < now()`}
          ${opts.workspaceId ? sql`and data->>'workspaceId' = ${opts.workspaceId}` : sql``}
          and not (policy = 'singleton' and exists (
            select 1 from pgboss.job a where a.name = j.name and a.state = 'active' and coalesce(a.singleton_key, '') = coalesce(j.singleton_key, '')))
        order by priority desc, created_on, id
        limit 1
        for update skip locked
      )
      update pgboss.job j set state = 'active', started_on = now(),
        retry_count = case when j.started_on is not null then j.retry_count + 1 else j.retry_count end
      from next where j.name = ${queue} and j.id = next.id
      returning j.id, j.name, j.data, j.retry_count as "retryCount", j.retry_limit as "retryLimit", j.retry_delay as "retryDelay", j.retry_backoff as "retryBackoff"`),
  );
  return rows[0] ?? null;
}

/**
 * Runs the queue's due jobs in this process until none is left, completing or failing each through
 * pg-boss (so retries, backoff and the failed state are the queue's own). For the seed, the CLI and
 * tests, which need work done before they go on; servers run workers (workers.ts). Returns how many ran.
 */
export async function drainJobs(db: Db, queue: string, handler: JobHandler<never>, opts: DrainOptions = {}): Promise<number> {
  const api = jobsApi(db);
  let ran = 0;
  const limit = opts.limit ?? Infinity;
  for (let job = await claimJob(db, queue, opts); job; job = ran < limit ? await claimJob(db, queue, opts) : null) {
    ran++;
    try {
      await (handler as JobHandler)(db, job);
    } catch (error) {
      await api.fail(queue, job.id, error as Error);
      continue;
    }
    await api.complete(queue, job.id);
  }
  return ran;
}
