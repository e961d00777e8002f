import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";

const root = path.resolve(import.meta.dirname, "..");

export interface ServeProcess {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  child: ChildProcess;
  /** Every line the process printed on stdout so far. */
  output: string[];
  /** Resolves with the first stdout line matching `pattern`. */
  line(pattern: RegExp): Promise<string>;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/**
 * Runs `switchback serve` (scripts/switchback.mjs, as a deployment does) on port 0 and resolves once it
 * listens. `env` is laid over this process's environment without DATABASE_URL; unless `env` names one,
 * the child gets this process's AUTH_SECRET, so it reads the secrets the test wrote. Also used by e2e.
 */
export async function startServeProcess(opts: { args?: string[]; env?: Record<string, string> } = {}): Promise<ServeProcess> {
  const { DATABASE_URL: _, ...inherited } = process.env;
  // Loaded only here: an e2e spec that passes AUTH_SECRET never loads the app's env module.
  const authSecret = opts.env?.AUTH_SECRET ?? (await import("../lib/env")).env().AUTH_SECRET;
  const child = spawn(process.execPath, ["scripts/switchback.mjs", "serve", "--port", "0", ...(opts.args ?? [])], {
    cwd: root,
    env: { ...inherited, ...opts.env, AUTH_SECRET: authSecret },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  // A test process that ends without stopping it (a failed hook) does not leave it serving.
  const orphaned = () => child.kill("SIGTERM");
  process.once("exit", orphaned);
  void exited.then(() => process.off("exit", orphaned));
  const output: string[] = [];
  const errors: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    output.push(line);
    for (const w of waiting.filter((w) => w.pattern.test(line))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(line);
    }
  });
  createInterface({ input: child.stderr! }).on("line", (line) => {
    errors.push(line);
    process.stderr.write(`[serve] ${line}\n`);
  });
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const seen = output.find((l) => pattern.test(l));
      if (seen) return resolve(seen);
      waiting.push({ pattern, resolve });
      void exited.then(([code]) => reject(new Error(`switchback serve exited with ${code} before printing ${pattern}:\n${[...output, ...errors].join("\n")}`)));
    });
  const listening = await line(/listening at (http:\/\/\S+)/);
  return {
    url: /listening at (http:\/\/\S+)/.exec(listening)![1]!,
    child,
    output,
    line,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return (await exited)[0];
    },
  };
}
