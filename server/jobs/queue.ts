import "server-only";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { jobs } from "@/db/schema";

export type Job = typeof jobs.$inferSelect;

export async function enqueueJob(
  db: Db | Tx,
  input: { kind: string; payload: Record<string, unknown>; workspaceId?: string | null; maxAttempts?: number; runAt?: Date },
): Promise<string> {
  const [row] = await db
    .insert(jobs)
    .values({ kind: input.kind, payload: input.payload, workspaceId: input.workspaceId ?? null, maxAttempts: input.maxAttempts ?? 5, runAt: input.runAt ?? new Date() })
    .returning({ id: jobs.id });
  return row!.id;
}

// A job whose worker died mid-run is taken again after this long.
const STALE_LOCK = sql`now() - interval '5 minutes'`;

/**
 * Claims up to `limit` due jobs of the given kinds. `FOR UPDATE SKIP LOCKED` lets several app instances
 * poll the same table without taking the same job twice.
 */
export async function claimJobs(db: Db, input: { kinds: string[]; limit: number }): Promise<Job[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          inArray(jobs.kind, input.kinds),
          lte(jobs.runAt, sql`now()`),
          sql`(${jobs.status} = 'queued' or (${jobs.status} = 'running' and ${jobs.lockedAt} < ${STALE_LOCK}))`,
        ),
      )
      .orderBy(jobs.runAt)
      .limit(input.limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(jobs)
      .set({ status: "running", lockedAt: sql`now()`, attempts: sql`${jobs.attempts} + 1`, updatedAt: sql`now()` })
      .where(inArray(jobs.id, due.map((d) => d.id)))
      .returning();
  });
}

export async function completeJob(db: Db, id: string): Promise<void> {
  await db.update(jobs).set({ status: "done", lockedAt: null, lastError: null, updatedAt: sql`now()` }).where(eq(jobs.id, id));
}

/** Exponential backoff: 2 s, 4 s, 8 s, … (capped at an hour). */
export function backoffMs(attempts: number, baseMs = 2000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** When a failed attempt is tried again; null when it was the last one. */
export function retryAtFor(job: Pick<Job, "attempts" | "maxAttempts">, baseMs?: number, now = Date.now()): Date | null {
  return job.attempts >= job.maxAttempts ? null : new Date(now + backoffMs(job.attempts, baseMs));
}

/** Records a failed attempt: queued again at `retryAt`, or failed for good when it is null. */
export async function failJob(db: Db, jobId: string, error: string, retryAt: Date | null): Promise<void> {
  await db
    .update(jobs)
    .set({ status: retryAt ? "queued" : "failed", lockedAt: null, lastError: error.slice(0, 2000), ...(retryAt ? { runAt: retryAt } : {}), updatedAt: sql`now()` })
    .where(eq(jobs.id, jobId));
}
