import "server-only";
import type { Db } from "@/db/client";
import { drainIngestJobs } from "./jobs";

const POLL_MS = 2000;

// One worker per process, kept on globalThis: Next.js evaluates instrumentation and routes separately.
const state = globalThis as unknown as { switchbackIngest?: { wake: () => void; stop: () => void } };

/**
 * The background loop that indexes uploaded documents. Jobs live in the database, so queued work and
 * work a crashed process left running (stale lock) resume after a restart; several instances may run it.
 */
export function startIngestWorker(db: Db): { stop: () => void } {
  if (state.switchbackIngest) return state.switchbackIngest;
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  const sleep = () => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, POLL_MS);
    wakeUp = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  void (async () => {
    while (!stopped) {
      try {
        await drainIngestJobs(db);
      } catch (e) {
        console.error("[knowledge] ingestion worker error", e);
      }
      await sleep();
    }
  })();
  state.switchbackIngest = {
    wake: () => wakeUp?.(),
    stop: () => {
      stopped = true;
      wakeUp?.();
      state.switchbackIngest = undefined;
    },
  };
  return state.switchbackIngest;
}

/** Called after enqueueing, so an upload starts indexing now rather than at the next poll. */
export function wakeIngestWorker(): void {
  state.switchbackIngest?.wake();
}
