import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Lets parallel work in one checkout build side by side (e.g. NEXT_DIST_DIR=.next-e2e).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite loads its WASM and extension bundles from its package folder at run time; pdf-parse its pdf.js worker.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-pgvector", "@node-rs/argon2", "pdf-parse", "pg-boss"],
  typedRoutes: false,
};

export default nextConfig;
