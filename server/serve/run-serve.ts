import "server-only";
import cluster, { type Worker } from "node:cluster";
import { z } from "zod";
import { getDatabase } from "@/db/client";
import { embeddedDataDir, env } from "@/lib/env";
import { startCliSocket } from "@/server/cli/owner-socket";
import { DomainError } from "@/server/errors";
import { startServeServer } from "./serve-server";

// The `switchback serve` process: one server in this process, or (--workers N) a node:cluster primary
// that forks N processes sharing the port. Each process opens the database itself (db/client.ts), so
// the processes share nothing but Postgres. With --jobs each process also runs the job workers (pg-boss),
// as the studio's process does; without it, some other process must (`next start`, or a serve --jobs).

export const serveOptionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535, "--port must be a TCP port (0 to 65535)"),
  host: z.string().min(1, "--host must be an address to listen on, such as 127.0.0.1 or 0.0.0.0"),
  workers: z.coerce.number().int().min(1, "--workers must be at least 1").max(64, "--workers must be at most 64 (one per core is right)"),
  jobs: z.boolean(),
});
export type ServeOptions = z.infer<typeof serveOptionsSchema>;

/** Stop accepting, finish in-flight turns, close the database: SIGTERM (orchestrators) or SIGINT (Ctrl-C). */
const stopSignals = ["SIGTERM", "SIGINT"] as const;
/** How long requests in flight may take to finish once stopping; then the process exits regardless. */
const GRACE_MS = 30_000;
const STOP_DEADLINE_MS = GRACE_MS + 10_000;

export async function runServe(opts: ServeOptions): Promise<void> {
  if (cluster.isPrimary && opts.workers > 1) return runPrimary(opts);
  const database = await getDatabase();
  const embedded = embeddedDataDir();
  if (embedded) await startCliSocket(embedded); // the CLI's commands run here while this process holds the database
  const server = await startServeServer({ database, port: opts.port, host: opts.host, appUrl: env().SWITCHBACK_APP_URL });
  // serverAppUrl() (127.0.0.1:$PORT without SWITCHBACK_APP_URL) then names this server too.
  process.env.PORT = String(server.port);
  // pg-boss is loaded only when this process runs jobs.
  const jobs = opts.jobs ? await import("@/server/jobs/workers") : undefined;
  let stopping: Promise<void> | undefined;
  // Registered before the job workers' own handlers, so this stop is the one the database waits for.
  for (const signal of stopSignals) {
    process.on(signal, () => {
      if (stopping) return;
      // A stop that cannot finish still ends: e.g. a turn still running after the grace period keeps
      // its database connection, and closing the database waits for it.
      setTimeout(() => {
        console.error(`switchback serve: could not stop within ${STOP_DEADLINE_MS / 1000} s; exiting`);
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
      stopping = Promise.all([server.close(GRACE_MS), jobs?.stopWorkers()])
        .then(() => database.close())
        .then(() => process.exit(0));
      // server.close() stopped accepting before its first await.
      if (cluster.isPrimary) console.log(`switchback serve: ${signal}: not accepting; finishing requests in flight`);
    });
  }
  await jobs?.startWorkers(database.db);
  if (cluster.isPrimary) console.log(`switchback serve: listening at ${server.url} (1 process, database: ${database.kind}${jobs ? ", jobs" : ""})`);
}

function runPrimary(opts: ServeOptions) {
  if (!env().DATABASE_URL) {
    throw new DomainError(
      "invalid",
      `--workers ${opts.workers} needs DATABASE_URL: the embedded database (PGlite) can be opened by one process only. Set DATABASE_URL to a Postgres server, or serve with --workers 1.`,
    );
  }
  const alive = new Set<Worker>();
  const served = new Set<Worker>();
  let stopping = false;
  const fork = () => alive.add(cluster.fork());
  for (let i = 0; i < opts.workers; i++) fork();

  cluster.on("listening", (worker, address) => {
    served.add(worker);
    if (served.size !== opts.workers) return;
    const host = opts.host === "0.0.0.0" || opts.host === "::" ? "127.0.0.1" : opts.host;
    console.log(`switchback serve: listening at http://${host}:${address.port} (${opts.workers} processes, database: postgres${opts.jobs ? ", jobs" : ""})`);
  });
  cluster.on("exit", (worker: Worker, code, signal) => {
    alive.delete(worker);
    if (stopping) {
      if (alive.size === 0) process.exit();
      return;
    }
    // A process that never served failed at start (database, port): starting another would only loop.
    if (!served.has(worker)) {
      console.error(`switchback serve: a process exited with ${signal ?? code} before serving; stopping`);
      process.exitCode = 1;
      stopAll();
      return;
    }
    console.error(`switchback serve: process ${worker.process.pid} exited with ${signal ?? code}; starting another`);
    fork();
  });

  function stopAll() {
    if (stopping) return;
    stopping = true;
    if (alive.size === 0) process.exit();
    for (const worker of alive) worker.process.kill("SIGTERM");
  }
  for (const signal of stopSignals) process.on(signal, stopAll);
}
