// Hosted API under load (DESIGN §10: ≥ 200 turns/s sustained): autocannon POSTs customer messages to
// /api/v1/conversations/{id}/messages at concurrency 1, 10 and 50, over the demo agent's published
// release with the local models, through the same handler the Next route uses (served by node:http).
// The load generator runs in a worker thread; on Postgres the store API the tools call (the brand's
// backend) runs in a child process, so this process's CPU per turn is the platform's.
// Run: NODE_OPTIONS=--conditions=react-server npx tsx --tsconfig tsconfig.json bench/api/run.ts [--seconds 15] [--connections 1,10,50]
// With DATABASE_URL it runs on that Postgres server, otherwise on an in-memory PGlite (store in-process:
// an in-memory PGlite cannot be shared with another process).
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { sql } from "drizzle-orm";
import { type Db, openDatabase } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { seedRetailAgent } from "@/db/seed/retail-agent";
import { copyStore, seedStore } from "@/db/seed/store";
import { startStoreServer } from "@/server/agent/demo/local-store-server";
import { createAgent } from "@/server/services/agents/agents";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { startApiServer } from "@/server/services/hosted-api/node-server";
import { handleHostedApi } from "@/server/services/hosted-api/router";
import { publishRelease } from "@/server/services/releases/publish-release";
import { createUser } from "@/server/services/users/create-user";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "15" }, conversations: { type: "string", default: "300" }, connections: { type: "string", default: "1,10,50" } } });
const seconds = Number(values.seconds);

// Each conversation: ask about an order, verify by email (a tool call), then keep asking (a tool call each).
const script = ["Where is my order #W2378156?", "yusuf.rossi7301@example.com", "Where is my order #W2378156?"];
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main() {
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: "memory://" });
  const { db } = database;
  const tag = Math.random().toString(36).slice(2, 8);
  const user = await createUser(db, { name: "Bench", email: `bench-api-${tag}@example.test`, password: "correct horse battery" });
  const workspace = await createWorkspace({ db, userId: user.id }, { name: `Bench API ${tag}` });
  const ctx = { db, userId: user.id, workspace, role: "owner" as const };
  const agent = await createAgent(ctx, { name: "Retail support" });
  await seedStore(db, "bench-template");
  const storeId = `bench-api-${tag}`;
  await copyStore(db, "bench-template", storeId);
  await seedRetailAgent(db, { workspaceId: workspace.id, agentId: agent.id, storeId });
  await publishRelease(ctx, { agentId: agent.id, notes: "bench" });
  const { key } = await createApiKey(ctx, { name: "bench", rateLimitPerMinute: 100_000 });
  const store = database.kind === "postgres" ? await startStoreProcess() : await startStoreServer(db);
  const api = await startApiServer({ db, appUrl: store.appUrl }, (request) => timed(request, () => handleHostedApi({ db, appUrl: store.appUrl }, request)));
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };

  const results = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  for (const connections of values.connections.split(",").map(Number)) {
    // Fresh conversations per run, more than the connections, so concurrent requests rarely share one.
    const ids: string[] = [];
    for (let i = 0; i < Number(values.conversations); i++) {
      const res = await fetch(`${api.url}/api/v1/conversations`, { method: "POST", headers, body: JSON.stringify({ agent: agent.slug, customer: { id: `c${i}` } }) });
      ids.push(((await res.json()) as { id: string }).id);
    }
    served.length = 0;
    const cpuBefore = process.cpuUsage();
    const worker = new Worker(new URL("./load-worker.mjs", import.meta.url), { workerData: { url: api.url, headers, ids, script, connections, seconds } });
    const [r] = (await once(worker, "message")) as [{ latencies: number[]; duration: number; non2xx: number; errors: number }];
    const cpu = process.cpuUsage(cpuBefore);
    const latencies = r.latencies;
    const platformMs = await platformTimes(db);
    latencies.sort((a, b) => a - b);
    const row = {
      connections,
      turns: latencies.length,
      turnsPerSecond: Math.round((latencies.length / r.duration) * 10) / 10,
      latencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), max: latencies.at(-1) },
      platformMs: summary(platformMs),
      non2xx: r.non2xx,
      errors: r.errors,
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
      // CPU per turn of this process: the API and the runtime, plus the load generator's worker thread.
      cpuMsPerTurn: Math.round(((cpu.user + cpu.system) / 1000 / latencies.length) * 100) / 100,
    };
    console.log(JSON.stringify(row));
    results.push(row);
  }
  clearInterval(sampler);
  const out = { database: database.kind, seconds, runs: results, peakRssMb: Math.round(peakRss / 1e6), node: process.version, at: new Date().toISOString() };
  console.log(JSON.stringify(out, null, 2));
  writeFileSync(path.join(import.meta.dirname, `last-results.${database.kind}.json`), `${JSON.stringify(out, null, 2)}\n`);
  await api.close();
  await store.close();
  await database.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Platform time: how long the API took to produce a turn's response (server side), less the time the turn's
// tools spent on the brand's API (the trace's tool steps, read back after the run).
const served: { conversationId: string; turn: number; ms: number }[] = [];
const turnsServed = new Map<string, number>();

async function timed(request: Request, handle: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const response = await handle();
  const ms = performance.now() - started;
  const conversationId = /\/conversations\/([^/]+)\/messages$/.exec(new URL(request.url).pathname)?.[1];
  if (response.status === 200 && conversationId) {
    // Each run's conversations are fresh and their turns run one after another: the n-th reply is turn n.
    const turn = (turnsServed.get(conversationId) ?? 0) + 1;
    turnsServed.set(conversationId, turn);
    served.push({ conversationId, turn, ms });
  }
  return response;
}

async function platformTimes(db: Db): Promise<number[]> {
  const ids = [...new Set(served.map((s) => s.conversationId))];
  const rows = rowsOf<{ conversation_id: string; turn: number; ms: number }>(
    await db.execute(sql`
      select conversation_id, turn, sum((step->>'durationMs')::float8) as ms
      from turn_traces, jsonb_array_elements(events) step
      where step->>'type' = 'tool' and conversation_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
      group by conversation_id, turn`),
  );
  const toolMs = new Map(rows.map((r) => [`${r.conversation_id}:${r.turn}`, Number(r.ms)]));
  return served.map((s) => s.ms - (toolMs.get(`${s.conversationId}:${s.turn}`) ?? 0));
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { p50: round(pct(sorted, 50)), p95: round(pct(sorted, 95)), p99: round(pct(sorted, 99)) };
}

/** The store API in a child process; resolves once it prints its URL. */
async function startStoreProcess(): Promise<{ appUrl: string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, "store-process.ts")], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = (await once(child.stdout, "data")) as [Buffer];
  return {
    appUrl: line.toString().trim(),
    close: async () => {
      child.kill();
      await once(child, "exit");
    },
  };
}
