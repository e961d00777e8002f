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
const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "server/cli/main.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: root,
  env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") },
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
