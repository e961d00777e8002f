#!/usr/bin/env node
// The `switchback` CLI: runs server/cli/main.ts with tsx, from any working directory.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// tsx as a loader in one child process (its CLI would add a grandchild): a signal sent to this wrapper is
// passed on to the process that acts on it (`serve` shuts down gracefully on SIGTERM and SIGINT).
// `server-only` is an empty module under the react-server condition: the CLI is server code.
// `npm run cli` runs this in the package's folder; npm says where it was typed in INIT_CWD.
const callerCwd = process.env.npm_lifecycle_event === "cli" && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "server/cli/main.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: root,
  // Runs in the app's folder (migrations, seed data); paths given on the command line are the caller's.
  env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json"), SWITCHBACK_CLI_CWD: callerCwd },
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
