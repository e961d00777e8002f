import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside a React Server bundle; tests and the CLI are server code too.
      "server-only": path.resolve(import.meta.dirname, "test/empty-module.ts"),
    },
  },
  test: {
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".next-*/**"],
    environment: "node",
    globalSetup: ["test/postgres-global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite runs in-process: one database per test file, a few files at a time on 2 cores.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "unit", include: ["**/*.test.ts"] } },
      // The hosted-API suite again against `switchback serve` (server/services/hosted-api/testing.ts).
      { extends: true, test: { name: "serve", include: ["server/services/hosted-api/**/*.test.ts"], env: { HOSTED_API_SERVER: "serve" } } },
    ],
  },
});
