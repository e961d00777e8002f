// Runs once when the server starts: open (and migrate) the database, then seed the demo on first start.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("@/db/client");
  const { embeddedDataDir, env } = await import("@/lib/env");
  const db = await getDb();
  // The embedded database is this process's alone: the CLI's commands (`gate check` …) run here meanwhile.
  const embedded = embeddedDataDir();
  if (embedded) await (await import("@/server/cli/owner-socket")).startCliSocket(embedded);
  if (env().SWITCHBACK_SEED_DEMO === "1") {
    const { seedDemo } = await import("@/db/seed/demo");
    await seedDemo(db);
  }
  // Job workers (pg-boss): document indexing, webhook deliveries, scheduled housekeeping; stop on SIGTERM.
  await (await import("@/server/jobs/workers")).startWorkers(db);
}
