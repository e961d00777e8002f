#!/usr/bin/env node
// The `switchback` CLI: runs server/cli/main.ts with tsx, from any working directory.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const result = spawnSync(process.execPath, [tsx, "--tsconfig", path.join(root, "tsconfig.json"), path.join(root, "server/cli/main.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: root,
  // `server-only` is an empty module under the react-server condition: the CLI is server code.
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --conditions=react-server`.trim() },
});
process.exit(result.status ?? 1);
