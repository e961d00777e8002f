import "server-only";
import PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import type { JobHandler, QueuedJob } from "./handler";
import { concurrency, jobHandlers, jobSchedules } from "./handlers";
import { queueDbOf, type QueueDb } from "./queue-db";
import { ENCRYPT_SECRETS_QUEUE } from "./queues";
import { onWake } from "./wake";

export interface WorkersOptions {
  handlers: Record<string, JobHandler<never>>;
  schedules?: { queue: string; cron: string }[];
  concurrency?: Record<string, number>;
  /** How often an idle worker asks for a job (pg-boss's minimum is 0.5 s). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs (their worker died) are failed over to a retry; one process does it per interval. */
  maintenanceIntervalSeconds?: number;
  cronMonitorIntervalSeconds?: number;
  /** How often the cron worker turns due schedules into jobs. */
  cronWorkerIntervalSeconds?: number;
  onStart?: (boss: PgBoss, db: Db) => Promise<void>;
}

export interface Workers {
  /** Stops taking jobs, waits up to `timeoutMs` for running ones; any still running are failed over to a retry. */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
  /** Makes the queue's idle workers ask for a job now rather than at their next poll. */
  wake(queue: string): void;
}

/** Counts pg-boss's queries, so a stop can wait for the completion it sends without awaiting. */
function trackQueries(inner: QueueDb) {
  const pending = new Set<Promise<unknown>>();
  const db: QueueDb = {
    executeSql: (text, values) => {
      const query = inner.executeSql(text, values);
      const done = () => void pending.delete(query);
      pending.add(query);
      query.then(done, done);
      return query;
    },
  };
  return { db, settled: () => Promise.allSettled([...pending]) };
}

/** Starts workers for the given handlers over the app's database (a Postgres pool or the PGlite handle). */
export async function createWorkers(db: Db, opts: WorkersOptions): Promise<Workers> {
  const tracked = trackQueries(queueDbOf(db));
  const boss = new PgBoss({
    db: tracked.db,
    // The schema is ours: db/migrations creates it and its queues, and a start only checks its version.
    migrate: false,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 60,
    cronMonitorIntervalSeconds: opts.cronMonitorIntervalSeconds ?? 30,
    cronWorkerIntervalSeconds: opts.cronWorkerIntervalSeconds ?? 5,
    // Failed jobs stay listed in the studio for a week before pg-boss archives them.
    archiveFailedAfterSeconds: 7 * 24 * 3600,
  });
  boss.on("error", (error) => console.error("[jobs]", error));
  await boss.start();

  const workerIds = new Map<string, string[]>();
  for (const [queue, handler] of Object.entries(opts.handlers)) {
    const ids: string[] = [];
    for (let i = 0; i < (opts.concurrency?.[queue] ?? 1); i++) {
      ids.push(
        await boss.work(queue, { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 }, async ([job]) => {
          try {
            await (handler as JobHandler)(db, job as unknown as QueuedJob);
          } catch (error) {
            console.error(`[jobs] ${queue} job ${job!.id} failed (retry ${job!.retryCount} of ${job!.retryLimit})`, error);
            throw error;
          }
        }),
      );
    }
    workerIds.set(queue, ids);
  }
  for (const { queue, cron } of opts.schedules ?? []) await boss.schedule(queue, cron, {}, { tz: "UTC" });
  await opts.onStart?.(boss, db);

  return {
    stop: async ({ timeoutMs = 30_000 } = {}) => {
      await boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
      await tracked.settled();
    },
    wake: (queue) => {
      for (const id of workerIds.get(queue) ?? []) boss.notifyWorker(id);
    },
  };
}

// One set of workers per process, kept on globalThis: Next.js evaluates instrumentation and routes separately.
const state = globalThis as unknown as { switchbackWorkers?: Promise<Workers>; switchbackStopping?: Promise<void>; switchbackSignals?: boolean };

/**
 * This process's job workers: knowledge indexing, webhook deliveries, and the scheduled housekeeping.
 * Called by instrumentation.ts (next dev / next start) and by `switchback serve`; several processes and
 * machines may run them over one database. SIGTERM and SIGINT stop them gracefully.
 */
export function startWorkers(db: Db): Promise<Workers> {
  if (!state.switchbackWorkers) {
    state.switchbackWorkers = createWorkers(db, {
      handlers: jobHandlers,
      schedules: jobSchedules,
      concurrency,
      onStart: async (boss) => void (await boss.send(ENCRYPT_SECRETS_QUEUE, {}, { singletonKey: "upgrade" })),
    });
    if (!state.switchbackSignals) for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void onSignal(signal));
    state.switchbackSignals = true;
    void state.switchbackWorkers.then((workers) => onWake(workers.wake), () => undefined); // startWorkers' caller sees the failure
  }
  return state.switchbackWorkers;
}

async function onSignal(signal: NodeJS.Signals) {
  try {
    await stopWorkers();
  } finally {
    // Nobody else (e.g. Next.js) handles the signal: exit as it would have without us.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }
}

/** Stops this process's workers, letting running jobs finish (see Workers.stop). */
export async function stopWorkers(opts?: { timeoutMs?: number }): Promise<void> {
  const workers = state.switchbackWorkers;
  if (workers) {
    state.switchbackWorkers = undefined;
    onWake(undefined);
    state.switchbackStopping = workers.then((w) => w.stop(opts));
  }
  // A second caller (the signal handler here and the server's own) waits for the same stop.
  await state.switchbackStopping;
}
