// A job worker in a process of its own, for the test that kills one mid-job (server/jobs/kill.test.ts).
// Works the queue JOB_QUEUE on DATABASE_URL or the PGlite folder INSTANCE_DATA_DIR; its handler prints
// `{ "started": jobId }` and never finishes, so the job is mid-run whenever the parent kills it.
import { openDatabase } from "@/db/client";
import { createWorkers } from "@/server/jobs/workers";

const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.INSTANCE_DATA_DIR ?? "memory://" });
await createWorkers(database.db, {
  pollingIntervalSeconds: 0.5,
  handlers: {
    [process.env.JOB_QUEUE!]: async (_db, job) => {
      console.log(JSON.stringify({ started: job.id }));
      await new Promise(() => undefined);
    },
  },
});
