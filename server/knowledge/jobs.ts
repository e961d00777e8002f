import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { documents, jobs } from "@/db/schema";
import type { Models } from "@/server/agent/models";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { failDocument, ingestDocument } from "./ingest";
import { rowsOf } from "@/db/rows";

export const INGEST_JOB = "knowledge.ingest";
/** A running job not heard from for this long belongs to a process that died: it is claimed again. */
export const STALE_AFTER_MS = 60_000;

export interface IngestPayload {
  documentId: string;
  version: number;
}

export async function enqueueIngest(tx: Db | Tx, input: { workspaceId: string } & IngestPayload): Promise<void> {
  await tx.insert(jobs).values({ workspaceId: input.workspaceId, kind: INGEST_JOB, payload: { documentId: input.documentId, version: input.version } });
}

type JobRow = { id: string; workspace_id: string; payload: IngestPayload; attempts: number; max_attempts: number };

/** Claims one due (or stale) ingestion job; SKIP LOCKED lets several workers share the queue. */
export async function claimIngestJob(db: Db, opts: { workspaceId?: string } = {}): Promise<JobRow | null> {
  const rows = rowsOf<JobRow>(
    await db.execute(sql`
      update jobs set status = 'running', locked_at = now(), attempts = attempts + 1, updated_at = now()
      where id = (
        select id from jobs where kind = ${INGEST_JOB} ${opts.workspaceId ? sql`and workspace_id = ${opts.workspaceId}::uuid` : sql``}
          and ((status = 'queued' and run_at <= now()) or (status = 'running' and locked_at < now() - make_interval(secs => ${STALE_AFTER_MS / 1000})))
        order by run_at limit 1 for update skip locked
      )
      returning id, workspace_id, payload, attempts, max_attempts`),
  );
  return rows[0] ?? null;
}

export type ModelsFor = (workspaceId: string) => Promise<Pick<Models, "embed">>;

export async function runIngestJob(db: Db, job: JobRow, modelsFor?: ModelsFor): Promise<void> {
  const heartbeat = async () => {
    await db.update(jobs).set({ lockedAt: new Date() }).where(eq(jobs.id, job.id));
  };
  try {
    // The workspace's own models: with an llm provider, its embedding model indexes the documents.
    const models = modelsFor ? await modelsFor(job.workspace_id) : (await buildTurnContext(db, { workspaceId: job.workspace_id, appUrl: "" })).models;
    await ingestDocument(db, models, job.payload, { onProgress: heartbeat });
    await db.update(jobs).set({ status: "done", lockedAt: null, lastError: null, updatedAt: new Date() }).where(eq(jobs.id, job.id));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const final = job.attempts >= job.max_attempts;
    await db
      .update(jobs)
      .set({
        status: final ? "failed" : "queued",
        lockedAt: null,
        lastError: message,
        // Back off 2, 4, 8… seconds between attempts.
        runAt: new Date(Date.now() + 1000 * 2 ** job.attempts),
        updatedAt: new Date(),
      })
      .where(and(eq(jobs.id, job.id), eq(jobs.status, "running")));
    if (final) await failDocument(db, job.payload.documentId, `Indexing failed after ${job.attempts} attempts: ${message}`);
    else {
      // Back in the queue, so the studio does not show a stalled "processing" while the job waits.
      await db.update(documents).set({ status: "queued", progress: 0, updatedAt: new Date() }).where(eq(documents.id, job.payload.documentId));
      console.error(`[knowledge] ingestion attempt ${job.attempts} for document ${job.payload.documentId} failed; retrying`, e);
    }
  }
}

/** Runs due ingestion jobs (of one workspace, if given) until none is left; returns how many ran. */
export async function drainIngestJobs(db: Db, opts: { workspaceId?: string; modelsFor?: ModelsFor } = {}): Promise<number> {
  let ran = 0;
  for (let job = await claimIngestJob(db, opts); job; job = await claimIngestJob(db, opts)) {
    await runIngestJob(db, job, opts.modelsFor);
    ran++;
  }
  return ran;
}
