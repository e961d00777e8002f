import "server-only";
import type { Db } from "@/db/client";
import { sampleIntoQueues } from "@/server/services/review-queues/sample-into-queues";
import { annotatePending } from "./annotate-pending";

/** Conversations per round; rounds repeat until none is pending or the time budget is spent. */
const ROUND = 500;
/** Well inside the queue's 300 s expiry, and the next minute's run picks up the rest. */
const BUDGET_MS = 45_000;

/**
 * The `review.process-ended` job (every minute, one at a time): the judge annotates what ended or went
 * idle since the last run, and each round's conversations are sampled into the review queues.
 */
export async function processEnded(db: Db, opts: { now?: Date; budgetMs?: number } = {}): Promise<{ annotated: number; entered: number }> {
  const started = Date.now();
  let annotated = 0;
  let entered = 0;
  for (;;) {
    const ids = await annotatePending(db, { limit: ROUND, now: opts.now });
    annotated += ids.length;
    // The same `now` as the judge's: what it read as idle is sampled as idle.
    if (ids.length > 0) entered += (await sampleIntoQueues(db, ids, opts.now)).entered;
    if (ids.length < ROUND || Date.now() - started > (opts.budgetMs ?? BUDGET_MS)) break;
  }
  return { annotated, entered };
}
