import { and, eq, ne } from "drizzle-orm";
import { expect, it } from "vitest";
import { agents, alerts, conversationAnnotations, conversations, conversationScores, evalRuns, releases, scoreCriteria, secrets, stores, tools, workspaces } from "@/db/schema";
import type { HttpTool } from "@/lib/schemas/tool";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { startHostedApi } from "@/server/services/hosted-api/testing";
import { getExperiment } from "@/server/services/experiments/get-experiment";
import { readDeployment } from "@/server/services/releases/deployment";
import { canaryBucket } from "@/server/services/releases/pick-release";
import { storeCredentialSecret } from "@/server/services/store/credential";
import { testDatabase } from "@/test/db";
import { env } from "@/lib/env";
import { demo, ensureStoreCredential, seedDemo } from "./demo";
import { CANARY_PERCENT, demoHistoryPlan, HISTORY_DAYS } from "./history";

it("a fresh install's demo agent: release 1 live, release 2 a canary, 30 days of history with an experiment and an alert; the hosted API answers at once", async () => {
  const { db } = await testDatabase();
  const seededAt = new Date();
  await seedDemo(db);
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, demo.workspaceSlug));
  const [agent] = await db.select().from(agents).where(eq(agents.workspaceId, workspace!.id));
  const rows = await db.select({ id: releases.id, number: releases.number, notes: releases.notes }).from(releases).where(eq(releases.agentId, agent!.id)).orderBy(releases.number);
  expect(rows).toMatchObject([{ number: 1, notes: "Release 1, published by the seed" }, { number: 2, notes: expect.stringContaining("Release 2") }]);
  // The canary ran for the last ten days of the history and stopped where it ends: live serves everyone.
  expect(await readDeployment(db, { workspaceId: workspace!.id, agentId: agent!.id })).toMatchObject({ liveReleaseId: rows[0]!.id, canaryReleaseId: null, canaryPercent: 0 });
  // It opens with 30 days of history, through every channel, in the demo store's untouched state.
  const history = await db
    .select({ channel: conversations.channel, status: conversations.status, createdAt: conversations.createdAt, release: conversations.releaseNumber })
    .from(conversations)
    .where(and(eq(conversations.agentId, agent!.id), ne(conversations.channel, "eval")));
  expect(history).toHaveLength(env().SWITCHBACK_DEMO_HISTORY);
  expect(history.length).toBeGreaterThan(100);
  expect(new Set(history.map((c) => c.channel))).toEqual(new Set(["playground", "api", "widget"]));
  expect(new Set(history.map((c) => c.status))).toEqual(new Set(["open", "resolved", "escalated", "abandoned"]));
  const days = new Set(history.map((c) => c.createdAt.toISOString().slice(0, 10)));
  expect(days.size).toBeGreaterThanOrEqual(26);
  const oldest = Math.min(...history.map((c) => c.createdAt.getTime()));
  expect((seededAt.getTime() - oldest) / 86_400_000).toBeGreaterThan(HISTORY_DAYS - 2);
  // The canary: release 2 served API and widget conversations only from its start (as placed in the
  // release log), picked by the hosted API; the Experiments page compares both arms.
  const plan = demoHistoryPlan(env().SWITCHBACK_DEMO_HISTORY, seededAt);
  const served = history.filter((c) => c.channel !== "playground");
  expect(served.filter((c) => c.release === 2 && c.createdAt < plan.canaryStart)).toEqual([]);
  const during = served.filter((c) => c.createdAt >= plan.canaryStart);
  const share = during.filter((c) => c.release === 2).length / during.length;
  expect(share).toBeGreaterThan(0.3);
  expect(share).toBeLessThan(0.7);
  const viewer = { db, userId: "", workspace: workspace!, role: "viewer" as const };
  const experiment = await getExperiment(viewer, { agentId: agent!.id, canary: 2, timeZone: "UTC" });
  expect(experiment.canary).toMatchObject({ number: 2, running: false, percent: CANARY_PERCENT });
  expect(experiment.control).toMatchObject({ number: 1, live: true });
  expect(experiment.runs).toMatchObject([{ canary: 2, percent: CANARY_PERCENT, running: false, autoRollback: null }]);
  expect(experiment.window.end.getTime()).toBeGreaterThan(seededAt.getTime());
  expect(Math.abs(experiment.window.start.getTime() - plan.canaryStart.getTime())).toBeLessThan(10 * 60_000);
  expect(experiment.conversations.control).toBeGreaterThan(15);
  expect(experiment.conversations.canary).toBeGreaterThan(15);
  // The busy day's wave fired a volume alert on that day.
  const fired = await db.select({ metric: alerts.metric, journeyId: alerts.journeyId }).from(alerts).where(and(eq(alerts.agentId, agent!.id), eq(alerts.day, plan.busyDay)));
  expect(fired).toContainEqual({ metric: "conversations", journeyId: null });
  // Release 1 passed the agent's gating eval suites (τ² retail and policy refusals), known failures apart.
  const [release] = await db.select({ evalRunId: releases.evalRunId }).from(releases).where(and(eq(releases.agentId, agent!.id), eq(releases.number, 1)));
  const [run] = await db.select().from(evalRuns).where(eq(evalRuns.id, release!.evalRunId!));
  expect(run).toMatchObject({ status: "passed", trigger: "publish", failed: 0 });
  expect(run!.passed + run!.knownFailures).toBe(run!.total);
  expect(run!.total).toBeGreaterThanOrEqual(44);
  // Its scorecard: the five criteria, and the AI judge's annotation and scores on every conversation of the history.
  const criteria = await db.select({ name: scoreCriteria.name, scorer: scoreCriteria.scorer }).from(scoreCriteria).where(eq(scoreCriteria.workspaceId, workspace!.id)).orderBy(scoreCriteria.position);
  expect(criteria.map((c) => c.name)).toEqual(["Resolved correctly", "Policy followed", "On-brand tone", "Facts grounded", "Escalated when it should have"]);
  const scored = await db.selectDistinct({ id: conversationScores.conversationId }).from(conversationScores).where(and(eq(conversationScores.workspaceId, workspace!.id), eq(conversationScores.kind, "ai")));
  expect(scored).toHaveLength(history.length);
  const annotated = await db.select({ outcome: conversationAnnotations.outcome }).from(conversationAnnotations).where(eq(conversationAnnotations.workspaceId, workspace!.id));
  expect(annotated).toHaveLength(history.length);
  expect(new Set(annotated.map((a) => a.outcome))).toEqual(new Set(["resolved", "escalated", "abandoned", "unresolved"]));

  const api = await startHostedApi(db);
  try {
    const { key } = await createApiKey({ db, userId: null, workspace: workspace! }, { name: "brand backend" });
    const call = (path: string, json: unknown) =>
      fetch(`${api.url}/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(json) });
    // Every customer gets live release 1, those who were in the canary's share too.
    const customerIn = (inCanary: boolean) => Array.from({ length: 200 }, (_, i) => `demo-customer-${i}`).find((id) => (canaryBucket(id) < CANARY_PERCENT) === inCanary)!;
    const created = await call("/conversations", { agent: agent!.slug, customer: { id: customerIn(false) } });
    expect(created.status).toBe(201);
    const conversation = (await created.json()) as { id: string; release: number };
    expect(conversation.release).toBe(1);
    const wasCanaried = await call("/conversations", { agent: agent!.slug, customer: { id: customerIn(true) } });
    expect(((await wasCanaried.json()) as { release: number }).release).toBe(1);
    const asked = await call(`/conversations/${conversation.id}/messages`, { text: "Where is my order #W2378156?" });
    expect(asked.status).toBe(200);
    expect(JSON.stringify(await asked.json())).toMatch(/verify your identity/);
  } finally {
    await api.close();
  }
}, 600_000); // the whole seed: store, knowledge indexing, two releases (each through its eval gate), 30 days of history

it("a demo seeded before the store wanted a key gets one: its store tools send it and turns reach the store", async () => {
  const { db } = await testDatabase();
  const fx = await retailFixture(db, { template: "tpl-upgrade" });
  // As such a workspace was seeded: no store account, no secret, store tools without an Authorization header.
  await db.delete(stores).where(eq(stores.id, fx.storeId));
  await db.delete(secrets).where(and(eq(secrets.workspaceId, fx.workspace.id), eq(secrets.name, storeCredentialSecret)));
  for (const row of await db.select({ id: tools.id, definition: tools.definition }).from(tools).where(eq(tools.workspaceId, fx.workspace.id))) {
    await db.update(tools).set({ definition: { ...(row.definition as HttpTool), headers: {} } }).where(eq(tools.id, row.id));
  }

  await ensureStoreCredential(db, { workspaceId: fx.workspace.id, storeId: fx.storeId });
  const [secret] = await db.select({ ciphertext: secrets.ciphertext }).from(secrets).where(and(eq(secrets.workspaceId, fx.workspace.id), eq(secrets.name, storeCredentialSecret)));
  expect(secret).toBeDefined();
  const definitions = (await db.select({ definition: tools.definition }).from(tools).where(eq(tools.workspaceId, fx.workspace.id))).map((r) => r.definition as HttpTool);
  expect(definitions.length).toBeGreaterThan(10);
  for (const tool of definitions) expect(tool.headers, tool.name).toEqual({ authorization: `Bearer {{secret.${storeCredentialSecret}}}` });

  const id = await fx.open();
  await fx.send(id, "Where is my order #W2378156?");
  expect((await fx.send(id, "yusuf.rossi7301@example.com")).reply).toMatch(/Order #W2378156 is delivered/);

  // Once a store has its key, starting again changes nothing (the workspace keeps its key).
  await ensureStoreCredential(db, { workspaceId: fx.workspace.id, storeId: fx.storeId });
  const [again] = await db.select({ ciphertext: secrets.ciphertext }).from(secrets).where(and(eq(secrets.workspaceId, fx.workspace.id), eq(secrets.name, storeCredentialSecret)));
  expect(again!.ciphertext).toBe(secret!.ciphertext);
});
