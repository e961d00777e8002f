// Runs once when the server starts: open (and migrate) the database, then seed the demo on first start.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("@/db/client");
  const { env } = await import("@/lib/env");
  const db = await getDb();
  if (env().SWITCHBACK_SEED_DEMO === "1") {
    const { seedDemo } = await import("@/db/seed/demo");
    await seedDemo(db);
  }
  (await import("@/server/jobs/start")).startJobs(db); // background jobs: webhook deliveries with retries
  (await import("@/server/knowledge/ingest-worker")).startIngestWorker(db); // document indexing; resumes queued and stale jobs
}
