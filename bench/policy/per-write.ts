// What a demo store write costs at the gate, now that its facts come from lookups: the decision for a
// return (#W2378156, which passes every check) through decideWrite, its lookups (the order, the order's
// customer) HTTP calls to the app's store API through the guarded client, as the runtime makes them;
// then the same decision with the lookups answered by the store in process (the database reads the
// gate's code made before the facts were data), with recorded answers (the write's computed facts and
// the policy), and the policy's evaluation alone. Run by hand (see
// bench/README.md); writes bench/policy/last-results.per-write.<database>.json.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { seedRetailAgent } from "@/db/seed/retail-agent";
import { seedStore } from "@/db/seed/store";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { startStoreServer } from "@/server/agent/demo/local-store-server";
import { Tracer } from "@/server/agent/pipeline/trace";
import { decideWrite } from "@/server/agent/policy/decide-write";
import { evaluatePolicy } from "@/server/agent/policy/evaluate";
import { requestFacts } from "@/server/agent/policy/facts";
import { checkOnDemoStore } from "@/server/agent/demo/check-on-store";
import { retailPolicies } from "@/server/agent/policy/retail-policies";
import { createAgent } from "@/server/services/agents/agents";
import { createUser } from "@/server/services/users/create-user";
import { secretResolver } from "@/server/services/secrets/secrets";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";

const N = Number(process.argv[process.argv.indexOf("--writes") + 1]) || 300;
const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: "memory://" });
const { db } = database;
const user = await createUser(db, { name: "Bench", email: `bench-${Date.now()}@example.com`, password: "bench-password-1" });
const workspace = await createWorkspace({ db, userId: user.id }, { name: "Bench", slug: `bench-${Date.now()}` });
const agent = await createAgent({ db, userId: user.id, workspace, role: "owner" }, { name: "Retail", persona: { agentName: "Sam", tone: "friendly", greeting: "Hi" } });
const storeId = `bench-${Date.now()}`;
await seedStore(db, storeId);
await seedRetailAgent(db, { workspaceId: workspace.id, agentId: agent.id, storeId });
const store = await startStoreServer(db);
const config = await loadDraftConfig(db, { workspaceId: workspace.id, agentId: agent.id });

const tool = "return_delivered_order_items";
const args = { order_id: "#W2378156", item_ids: ["1151293680"], payment_method_id: "credit_card_9513926" };
const session = { authenticatedUserId: "yusuf_rossi_9620", confirmed: true };
const now = new Date();

async function measure(label: string, decide: () => Promise<{ decision: string; ruleId: string }>) {
  const first = await decide();
  for (let i = 0; i < 20; i++) await decide();
  const started = performance.now();
  for (let i = 0; i < N; i++) await decide();
  const ms = (performance.now() - started) / N;
  console.log(label, first.decision, first.ruleId, ms.toFixed(3), "ms");
  return { decision: `${first.decision} by ${first.ruleId}`, msPerWrite: Math.round(ms * 1000) / 1000 };
}

const env = { appUrl: store.appUrl, resolveSecret: secretResolver(db, workspace.id), db, config, trace: new Tracer() };
const overHttp = await measure("lookups over HTTP", async () => (await decideWrite({ ...env, trace: new Tracer() }, { tool, args, session, now })).decision);
const inProcess = await measure("lookups in process", () => checkOnDemoStore({ db, storeId }, { tool, args, session, policies: retailPolicies, now }));
// The evaluation alone, on what the lookups found.
const trace = new Tracer();
const { lookedUp } = await decideWrite({ ...env, trace }, { tool, args, session, now });
const given = { ...requestFacts(args, session), ...(lookedUp && "facts" in lookedUp ? lookedUp.facts : {}) };
const evaluation = await measure("evaluation only", async () => evaluatePolicy(retailPolicies[tool], given, { now }));
// Lookups answered from recorded answers (no database, no network): the write's computed facts and the policy.
const recorded = Object.fromEntries((config.tools[tool]!.factsFrom ?? []).map((lookup, i) => [lookup.as, trace.events[i]!.output]));
const computedAndEvaluated = await measure("recorded lookups + computed facts + evaluation", async () => (await decideWrite({ ...env, trace: new Tracer() }, { tool, args, session, now, recorded })).decision);

const results = { measuredAt: new Date().toISOString(), node: process.version, database: database.kind, writes: N, lookupsPerWrite: trace.events.length, overHttp, inProcess, computedAndEvaluated, evaluation };
console.log(JSON.stringify(results, null, 2));
writeFileSync(path.join(import.meta.dirname, `last-results.per-write.${database.kind}.json`), `${JSON.stringify(results, null, 2)}\n`);
await store.close();
await database.close();
process.exit(0);
