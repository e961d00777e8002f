#!/usr/bin/env node
// The server Playwright tests against: a production build on port E2E_PORT (3100), with a fresh embedded
// database for every run (or the Postgres server at DATABASE_URL), seeded with the demo workspace.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// E2E_DEV=1 serves with `next dev` instead (no build; pages compile on first visit): for running one spec
// while working, with NEXT_DIST_DIR and E2E_PORT of its own. CI always tests the production build.
const dev = process.env.E2E_DEV === "1";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: dev ? "development" : "production", SWITCHBACK_SEED_DEMO: "1" };
// A production server needs a session secret; a throwaway one per run (playwright.config.ts sets it) is right for tests.
env.AUTH_SECRET ??= randomBytes(33).toString("base64");
if (!env.DATABASE_URL) env.SWITCHBACK_DATA_DIR = mkdtempSync(path.join(tmpdir(), "switchback-e2e-"));

// CI runs the suite twice (Postgres, then PGlite) from one checkout: the build does not depend on the database.
const reuse = process.env.E2E_REUSE_BUILD === "1" && existsSync(`${process.env.NEXT_DIST_DIR || ".next"}/BUILD_ID`);
if (!reuse && !dev) {
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn("npx", ["next", dev ? "dev" : "start", "-p", process.env.E2E_PORT ?? "3100", "-H", "127.0.0.1"], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
