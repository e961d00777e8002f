import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";

// One session/encryption secret per run, shared by the e2e server and the processes specs start on its
// database (switchback serve): secrets one encrypts, the other must read. Workers inherit it.
process.env.AUTH_SECRET ??= randomBytes(33).toString("base64");

const port = process.env.E2E_PORT ?? "3100";
const baseURL = `http://127.0.0.1:${port}`;
// Against `next dev` (E2E_DEV=1, see scripts/e2e-server.mjs) pages compile on first visit: wait longer.
const dev = process.env.E2E_DEV === "1";

export default defineConfig({
  testDir: "e2e",
  // Runs against dev servers side by side keep their artifacts apart.
  outputDir: dev ? `test-results/${process.env.NEXT_DIST_DIR ?? "dev"}` : "test-results",
  fullyParallel: false,
  workers: 1,
  // One retry in CI (Playwright's own default there), so a rare timing flake does not hold back a landing;
  // the list reporter marks such a test "flaky" in the log: chase it, a retry is not a fix.
  retries: process.env.CI ? 1 : 0,
  reporter: "list",
  timeout: dev ? 300_000 : 60_000,
  expect: { timeout: dev ? 60_000 : 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${baseURL}/api/health`,
    timeout: 420_000,
    // In dev mode a server left running (same E2E_PORT) is reused: its pages are compiled already.
    reuseExistingServer: dev,
  },
});
