import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { type Database, openDatabase } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { uniq } from "@/test/factories";
import type { QueuedJob } from "./handler";
import { jobsApi, sendJob } from "./send-job";
import { createWorkers } from "./workers";

// On a Postgres server when DATABASE_URL is set; otherwise a PGlite folder, which one process at a time
// may open: the parent closes it while the child works and opens it again after the kill.
const url = process.env.DATABASE_URL;
const dataDir = url ? undefined : mkdtempSync(path.join(tmpdir(), "sb-jobs-"));
const open = () => openDatabase({ url, dataDir: dataDir ?? "memory://" });
afterAll(() => dataDir && rmSync(dataDir, { recursive: true, force: true }));

/** Starts test/job-worker-process.ts on the queue and resolves with its process once it is mid-job. */
async function workerProcessMidJob(queue: string) {
  const { DATABASE_URL: _, ...env } = process.env;
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/job-worker-process.ts"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...env, ...(url ? { DATABASE_URL: url } : { INSTANCE_DATA_DIR: dataDir }), JOB_QUEUE: queue },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  const [line] = await Promise.race([once(createInterface({ input: child.stdout! }), "line"), exited.then(([code]) => Promise.reject(new Error(`worker exited with ${code}`)))]);
  return { child, exited, started: (JSON.parse(line as string) as { started: string }).started };
}

it("a job survives its worker process killed mid-job: another worker takes it after its expiry and it completes once", async () => {
  let database: Database = await open();
  const queue = `test.${uniq()}`;
  await jobsApi(database.db).createQueue(queue, { name: queue, retryLimit: 2, expireInSeconds: 3 });
  const id = (await sendJob(database.db, queue, { n: 1 }))!;
  if (dataDir) await database.close();

  const worker = await workerProcessMidJob(queue);
  expect(worker.started).toBe(id);
  worker.child.kill("SIGKILL");
  await worker.exited;

  if (dataDir) database = await open();
  const runs: number[] = [];
  const workers = await createWorkers(database.db, { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, handlers: { [queue]: async (_db, job: QueuedJob) => void runs.push(job.retryCount) } });
  const state = async () => rowsOf<{ state: string; retry_count: number }>(await database.db.execute(sql`select state::text, retry_count from pgboss.job where id = ${id}::uuid`))[0];
  try {
    await expect.poll(async () => (await state())?.state, { timeout: 30_000, interval: 250 }).toBe("completed");
  } finally {
    await workers.stop();
  }
  // Run once by the killed worker (never finished), then once here to completion.
  expect(runs).toEqual([1]);
  expect(await state()).toEqual({ state: "completed", retry_count: 1 });
  await database.close();
}, 60_000);
