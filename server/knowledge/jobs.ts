import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { documents } from "@/db/schema";
import type { Models } from "@/server/agent/models";
import { drainJobs } from "@/server/jobs/drain-jobs";
import { isLastAttempt, type JobHandler } from "@/server/jobs/handler";
import { INGEST_QUEUE, type IngestJobData } from "@/server/jobs/queues";
import { sendJob } from "@/server/jobs/send-job";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { failDocument, ingestDocument } from "./ingest";

/** Queues a document version for indexing, in the transaction that stored it. */
export async function enqueueIngest(tx: Db | Tx, input: IngestJobData): Promise<void> {
  await sendJob(tx, INGEST_QUEUE, input);
}

export type ModelsFor = (workspaceId: string) => Promise<Pick<Models, "embed">>;

/** The indexing job; `modelsFor` replaces the workspace's configured models (tests, benches). */
export function ingestJobHandler(modelsFor?: ModelsFor): JobHandler<IngestJobData> {
  return async (db, job) => {
    const { workspaceId, documentId, version } = job.data;
    try {
      // The workspace's own models: with an llm provider, its embedding model indexes the documents.
      const models = modelsFor ? await modelsFor(workspaceId) : (await buildTurnContext(db, { workspaceId, appUrl: "" })).models;
      await ingestDocument(db, models, { documentId, version });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const attempts = job.retryCount + 1;
      if (isLastAttempt(job)) await failDocument(db, documentId, `Indexing failed after ${attempts} attempts: ${message}`);
      // Back in the queue, so the studio does not show a stalled "processing" while the job waits.
      else await db.update(documents).set({ status: "queued", progress: 0, updatedAt: new Date() }).where(eq(documents.id, documentId));
      throw e;
    }
  };
}

export const runIngestJob = ingestJobHandler();

/** Indexes the queued documents (of one workspace, if given) in this process; returns how many jobs ran. */
export async function drainIngestJobs(db: Db, opts: { workspaceId?: string; modelsFor?: ModelsFor } = {}): Promise<number> {
  return drainJobs(db, INGEST_QUEUE, ingestJobHandler(opts.modelsFor), { workspaceId: opts.workspaceId });
}
