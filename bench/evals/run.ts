// Eval runs with the local models (issue 17): the demo's gating suites as the publish gate runs them
// (wall time, sandboxes included), then a generated 1,000-case suite (cases/s, peak memory).
// Run: NODE_OPTIONS=--conditions=react-server npx tsx --tsconfig tsconfig.json bench/evals/run.ts [--cases 1000]
// With DATABASE_URL it runs on that Postgres server, otherwise on an in-memory PGlite.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { agents, evalCases, evalSuites, memberships, workspaces } from "@/db/schema";
import { demo, seedDemo } from "@/db/seed/demo";
import { startStoreServer } from "@/server/agent/demo/local-store-server";
import { runNow } from "@/server/services/evals/runs";

const { values } = parseArgs({ options: { cases: { type: "string", default: "1000" } } });
const generated = Number(values.cases);
process.env.SWITCHBACK_DEMO_HISTORY = "0"; // the seed's history is not what is measured here

const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: "memory://" });
const { db } = database;
await seedDemo(db);
const [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, demo.workspaceSlug));
const [agent] = await db.select().from(agents).where(eq(agents.workspaceId, workspace!.id));
const [owner] = await db.select().from(memberships).where(eq(memberships.workspaceId, workspace!.id));
const store = await startStoreServer(db);
const ctx = { db, workspace: workspace!, userId: owner!.userId, appUrl: store.appUrl };

// Peak resident memory, sampled while the runs go.
let peakRss = 0;
let peakArrayBuffers = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakArrayBuffers = Math.max(peakArrayBuffers, m.arrayBuffers);
}, 50);

async function timed(suiteId: string | null) {
  const started = performance.now();
  const result = await runNow(ctx, { agentId: agent!.id, suiteId, target: "draft", trigger: "cli" });
  const ms = performance.now() - started;
  return { ms: Math.round(ms), cases: result.cases.length, passed: result.run.passed, failed: result.run.failed, knownFailures: result.run.knownFailures, casesPerSecond: Math.round((result.cases.length / ms) * 1000 * 10) / 10 };
}

// 1. The gating suites, as publishing runs them (three times: the first warms the caches).
const gate = [await timed(null), await timed(null), await timed(null)];
console.log("demo gating suites:", gate);

// 2. A generated suite: the demo's cases repeated to `generated`, each in its own sandbox.
const source = await db.select().from(evalCases).where(eq(evalCases.workspaceId, workspace!.id));
const [big] = await db.insert(evalSuites).values({ workspaceId: workspace!.id, agentId: agent!.id, name: `Generated ${generated}` }).returning();
for (let from = 0; from < generated; from += 500) {
  const rows = Array.from({ length: Math.min(500, generated - from) }, (_, j) => {
    const c = source[(from + j) % source.length]!;
    return { workspaceId: workspace!.id, suiteId: big!.id, name: `${c.name} #${from + j}`, knownFailure: c.knownFailure, definition: c.definition, position: from + j };
  });
  await db.insert(evalCases).values(rows);
}
peakRss = 0;
const large = await timed(big!.id);
clearInterval(sampler);
console.log(`generated suite: ${large.cases} cases in ${(large.ms / 1000).toFixed(1)} s (${large.casesPerSecond} cases/s), peak RSS ${Math.round(peakRss / 1024 / 1024)} MB (array buffers ${Math.round(peakArrayBuffers / 1024 / 1024)} MB, heap ${Math.round(process.memoryUsage().heapUsed / 1024 / 1024)} MB)`);

const results = { database: database.kind, measuredAt: new Date().toISOString(), gate, generated: { ...large, peakRssMb: Math.round(peakRss / 1024 / 1024) } };
writeFileSync(path.join(import.meta.dirname, `last-results.${database.kind}.json`), `${JSON.stringify(results, null, 2)}\n`);
await store.close();
await database.close();
