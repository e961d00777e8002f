import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";

const root = path.resolve(import.meta.dirname, "..");

export interface ApiInstance {
  /** e.g. http://127.0.0.1:PORT — the API is under `${url}/api/v1`. */
  url: string;
  child: ChildProcess;
  /** Ends the process cleanly (in-flight requests finish first). */
  stop(): Promise<void>;
  /** SIGKILL: the process dies wherever it is, as in a crash. */
  kill(): Promise<void>;
}

/**
 * Starts the hosted API in a child process (test/api-instance.ts, run by tsx) on the database at
 * `databaseUrl` or, without one, the PGlite folder `dataDir`; its tools call `appUrl`.
 */
export async function startApiInstance(opts: { databaseUrl?: string; dataDir?: string; appUrl: string }): Promise<ApiInstance> {
  const { DATABASE_URL: _, ...env } = process.env;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  // tsx as a loader in this one process (its CLI would run the script in a grandchild that a kill misses).
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/api-instance.ts"], {
    cwd: root,
    env: { ...env, INSTANCE_DATA_DIR: opts.dataDir ?? "memory://", INSTANCE_APP_URL: opts.appUrl },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([once(lines, "line").then(([line]) => line as string), exited.then(([code]) => Promise.reject(new Error(`API instance exited with ${code} before serving`)))]);
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin!.end();
      await exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}
