// Platform time per turn with the local models (DESIGN §10: p50 ≤ 10 ms, p95 ≤ 30 ms on 2 cores).
// Run: NODE_OPTIONS=--conditions=react-server npx tsx bench/turn-latency/run.ts [--turns 2000]
// With DATABASE_URL it runs on that Postgres server, otherwise on an in-memory PGlite.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@/db/client";
import { seedRetailAgent } from "@/db/seed/retail-agent";
import { copyStore, seedStore } from "@/db/seed/store";
import { createConversation } from "@/server/agent/create-conversation";
import { startStoreServer } from "@/server/agent/demo/local-store-server";
import { localModels } from "@/server/agent/models";
import { runTurn } from "@/server/agent/run-turn";
import type { TurnCtx } from "@/server/agent/types";
import { createAgent } from "@/server/services/agents/agents";
import { secretResolver } from "@/server/services/secrets/secrets";
import { createUser } from "@/server/services/users/create-user";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";
import { benchScripts } from "./scripts";

const { values } = parseArgs({ options: { turns: { type: "string", default: "2000" } } });
const target = Number(values.turns);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), mean: xs.reduce((a, b) => a + b, 0) / xs.length };
};

async function main() {
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: "memory://" });
  const { db } = database;
  const tag = Math.random().toString(36).slice(2, 8);
  const user = await createUser(db, { name: "Bench", email: `bench-${tag}@example.test`, password: "correct horse battery" });
  const workspace = await createWorkspace({ db, userId: user.id }, { name: `Bench ${tag}` });
  const agent = await createAgent({ db, userId: user.id, workspace, role: "owner" }, { name: "Retail support" });
  await seedStore(db, "bench-template");
  const store = await startStoreServer(db);
  const ctx: TurnCtx = { db, models: localModels, appUrl: store.appUrl };

  const total: number[] = [];
  const platform: number[] = [];
  let rounds = 0;
  let warmup = true;
  while (total.length < target) {
    const storeId = `bench-${tag}-${rounds++}`;
    await copyStore(db, "bench-template", storeId);
    await seedRetailAgent(db, { workspaceId: workspace.id, agentId: agent.id, storeId });
    ctx.resolveSecret = secretResolver(db, workspace.id); // each store copy gets its own API key
    for (const script of benchScripts) {
      const { id } = await createConversation(ctx, { workspaceId: workspace.id, agentId: agent.id, channel: "eval" });
      for (const text of script) {
        const started = performance.now();
        const turn = await runTurn(ctx, { conversationId: id, text });
        const ms = performance.now() - started;
        // The store is the brand's backend: its HTTP round trips are not platform time.
        const toolMs = turn.trace.filter((e) => e.type === "tool").reduce((sum, e) => sum + e.durationMs, 0);
        if (!warmup) {
          total.push(ms);
          platform.push(ms - toolMs);
        }
      }
    }
    warmup = false;
  }
  const result = {
    database: database.kind,
    turns: total.length,
    rounds: rounds - 1,
    platformMs: summary(platform),
    totalWithStoreMs: summary(total),
    node: process.version,
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify(result, null, 2));
  writeFileSync(path.join(import.meta.dirname, `last-results.${database.kind}.json`), `${JSON.stringify(result, null, 2)}\n`);
  await store.close();
  await database.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
