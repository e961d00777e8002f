import "server-only";
import PgBoss from "pg-boss";
import type { Db, Tx } from "@/db/client";
import { queueDbOf } from "./queue-db";

// Sending needs no started instance, only pg-boss's insert; each call passes the database to send on.
const sender = new PgBoss({ db: { executeSql: () => Promise.reject(new Error("send through queueDbOf(db)")) }, schedule: false, supervise: false, migrate: false });

/**
 * Queues a job. Given a transaction, the job exists only if it commits (an upload and its indexing job,
 * a delivery row and its job). Returns the job id; null when a `short` queue already has one waiting.
 */
export async function sendJob(db: Db | Tx, queue: string, data: object, options: { singletonKey?: string; startAfter?: number } = {}): Promise<string | null> {
  return sender.send(queue, data, { ...options, db: queueDbOf(db) });
}

/** pg-boss's job API (complete, fail, retry) over the given database, for in-process runs and the studio. */
export function jobsApi(db: Db | Tx) {
  const queueDb = queueDbOf(db);
  return {
    complete: (queue: string, id: string, output?: object) => sender.complete(queue, id, output ?? {}, { db: queueDb }),
    fail: (queue: string, id: string, error: Error) => sender.fail(queue, id, error, { db: queueDb }),
    retry: (queue: string, id: string) => sender.retry(queue, id, { db: queueDb }),
    createQueue: (queue: string, options: PgBoss.Queue) => new PgBoss({ db: queueDb, schedule: false, supervise: false, migrate: false }).createQueue(queue, options),
  };
}
