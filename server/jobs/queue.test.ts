import { sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterEach, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/rows";
import { testDatabase } from "@/test/db";
import { uniq } from "@/test/factories";
import type { QueuedJob } from "./handler";
import { queueDbOf } from "./queue-db";
import { queueOptions } from "./queues";
import { jobsApi, sendJob } from "./send-job";
import { createWorkers, type Workers } from "./workers";

const { db } = await testDatabase();
const running: Workers[] = [];
afterEach(async () => {
  for (const w of running.splice(0)) await w.stop({ timeoutMs: 1000 });
});

type Row = { state: string; retry_count: number; output: { message?: string; value?: string } | null };
const jobRow = async (id: string) => rowsOf<Row>(await db.execute(sql`select state::text, retry_count, output from pgboss.job where id = ${id}::uuid`))[0]!;

/** A queue of the test's own (the app's queues come from the migration; these are created here). */
async function testQueue(options: { policy?: "standard" | "singleton" | "short"; retryLimit?: number; retryDelay?: number; retryBackoff?: boolean; expireInSeconds?: number } = {}) {
  const name = `test.${uniq()}`;
  await jobsApi(db).createQueue(name, { name, retryLimit: 0, ...options });
  return name;
}

/** pg-boss's own API over the test database, to act as a bare worker would. */
const bossOver = () => new PgBoss({ db: queueDbOf(db), schedule: false, supervise: false, migrate: false });

async function workers(opts: Parameters<typeof createWorkers>[1]) {
  const w = await createWorkers(db, { pollingIntervalSeconds: 0.5, ...opts });
  running.push(w);
  return w;
}

/** A promise with its resolve, for handlers that wait on the test. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe("job queue (pg-boss)", () => {
  it("the migration creates every queue the code declares, with its options", async () => {
    for (const [name, options] of Object.entries(queueOptions)) {
      const [queue] = rowsOf<Record<string, unknown>>(
        await db.execute(sql`select policy, retry_limit as "retryLimit", retry_delay as "retryDelay", retry_backoff as "retryBackoff", expire_seconds as "expireInSeconds" from pgboss.queue where name = ${name}`),
      );
      expect(queue, name).toEqual(options);
    }
  });

  it("retries a failing job with growing delays, then leaves it failed with its error", async () => {
    const queue = await testQueue({ retryLimit: 2, retryDelay: 1, retryBackoff: true });
    const attempts: { at: number; retryCount: number }[] = [];
    await workers({
      handlers: {
        [queue]: async (_db, job: QueuedJob) => {
          attempts.push({ at: Date.now(), retryCount: job.retryCount });
          throw new Error(`receiver down (attempt ${attempts.length})`);
        },
      },
    });
    const id = (await sendJob(db, queue, { workspaceId: null }))!;
    await expect.poll(async () => (await jobRow(id)).state, { timeout: 20_000, interval: 200 }).toBe("failed");
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2]);
    // pg-boss waits at least delay·2^n seconds before retry n+1 (1 s, then 2 s).
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(2000);
    expect(await jobRow(id)).toMatchObject({ state: "failed", retry_count: 2, output: { message: "receiver down (attempt 3)" } });
  });

  it("a scheduled job fires", async () => {
    const queue = await testQueue();
    const fired = gate<QueuedJob>();
    await workers({ handlers: { [queue]: async (_db, job: QueuedJob) => fired.open(job) }, schedules: [{ queue, cron: "* * * * *" }], cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 });
    const job = await fired.promise;
    expect(job.name).toBe(queue);
    await expect.poll(async () => (await jobRow(job.id)).state, { timeout: 5000 }).toBe("completed");
  });

  it("a singleton queue runs one job per key at a time", async () => {
    const queue = await testQueue({ policy: "singleton" });
    const first = (await sendJob(db, queue, { n: 1 }, { singletonKey: "doc-a" }))!;
    const second = (await sendJob(db, queue, { n: 2 }, { singletonKey: "doc-a" }))!;
    const boss = bossOver();
    // A worker takes the first job (as pg-boss's workers fetch); while it runs, the second waits.
    expect((await boss.fetch(queue)).map((j) => j.id)).toEqual([first]);
    expect(await boss.fetch(queue)).toEqual([]);
    expect((await jobRow(second)).state).toBe("created");
    await boss.complete(queue, first, {});
    expect((await boss.fetch(queue)).map((j) => j.id)).toEqual([second]);
    // A `short` queue keeps one waiting job per key: a second send is dropped.
    const short = await testQueue({ policy: "short" });
    expect(await sendJob(db, short, {}, { singletonKey: "upgrade" })).toEqual(expect.any(String));
    expect(await sendJob(db, short, {}, { singletonKey: "upgrade" })).toBeNull();
  });

  it("a graceful stop takes no new job and waits for the running one to finish", async () => {
    const queue = await testQueue();
    const started = gate();
    const release = gate();
    const events: string[] = [];
    const w = await createWorkers(db, {
      pollingIntervalSeconds: 0.5,
      handlers: {
        [queue]: async (_db, job: QueuedJob) => {
          events.push(`start ${String((job.data as { n: number }).n)}`);
          started.open();
          await release.promise;
          events.push(`end ${String((job.data as { n: number }).n)}`);
        },
      },
    });
    const running = (await sendJob(db, queue, { n: 1 }))!;
    await started.promise;
    const waiting = (await sendJob(db, queue, { n: 2 }))!;
    const stopped = w.stop().then(() => events.push("stopped"));
    // The stop is under way (workers no longer poll) before the job is let go.
    await db.execute(sql`select 1`);
    release.open();
    await stopped;
    expect(events).toEqual(["start 1", "end 1", "stopped"]);
    expect(await jobRow(running)).toMatchObject({ state: "completed", retry_count: 0 });
    expect((await jobRow(waiting)).state).toBe("created");
  });

  it("a job still running when the stop times out goes back to the queue for another worker", async () => {
    const queue = await testQueue({ retryLimit: 1 });
    const started = gate();
    const w = await createWorkers(db, { pollingIntervalSeconds: 0.5, handlers: { [queue]: async () => (started.open(), await new Promise(() => undefined)) } });
    const id = (await sendJob(db, queue, {}))!;
    await started.promise;
    await w.stop({ timeoutMs: 1000 });
    expect(await jobRow(id)).toMatchObject({ state: "retry", output: { value: "pg-boss shut down while active" } });
  });

  it("a job whose worker died mid-run is taken by another worker after its expiry and completes once", async () => {
    const queue = await testQueue({ retryLimit: 2, expireInSeconds: 2 });
    const id = (await sendJob(db, queue, { n: 1 }))!;
    // A worker took the job and died: the job is active and that worker will never complete it.
    expect((await bossOver().fetch(queue)).map((j) => j.id)).toEqual([id]);
    const runs: number[] = [];
    await workers({ handlers: { [queue]: async (_db, job: QueuedJob) => void runs.push(job.retryCount) }, maintenanceIntervalSeconds: 1 });
    await expect.poll(async () => (await jobRow(id)).state, { timeout: 20_000, interval: 200 }).toBe("completed");
    expect(runs).toEqual([1]);
    expect(await jobRow(id)).toMatchObject({ state: "completed", retry_count: 1 });
  });
});
