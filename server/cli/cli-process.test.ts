import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

// Node's own ESM loader through tsx, as the CLI, `serve` and the benches run: it evaluates modules in an
// order Vitest's does not, so an import cycle that Vitest tolerates can fail there at start-up (the
// policy schema and the expression code once imported each other: entering by expression.ts threw).
const root = path.resolve(import.meta.dirname, "../..");
const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") } });

it("the switchback CLI starts and prints its commands", () => {
  const run = node(["scripts/switchback.mjs", "--help"]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/gate check --agent SLUG/);
  expect(run.stdout).toMatch(/simulate --agent SLUG/);
}, 90_000);

it.each(["lib/policy/expression.ts", "lib/policy/blocks.ts", "lib/schemas/policy.ts"])("the policy modules load when %s is imported first", (file) => {
  const run = node(["--import", "tsx", "-e", `await import(${JSON.stringify(path.join(root, file))}); await import(${JSON.stringify(path.join(root, "lib/schemas/policy.ts"))});`]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
}, 90_000);
