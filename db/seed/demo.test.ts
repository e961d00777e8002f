import { and, eq, ne } from "drizzle-orm";
import { expect, it } from "vitest";
import { agents, conversationAnnotations, conversations, conversationScores, evalRuns, releases, scoreCriteria, secrets, stores, tools, workspaces } from "@/db/schema";
import type { HttpTool } from "@/lib/schemas/tool";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { startHostedApi } from "@/server/services/hosted-api/testing";
import { readDeployment } from "@/server/services/releases/deployment";
import { storeCredentialSecret } from "@/server/services/store/credential";
import { testDatabase } from "@/test/db";
import { env } from "@/lib/env";
import { demo, ensureStoreCredential, seedDemo } from "./demo";

it("a fresh install's demo agent is published as release 1: the hosted API answers at once", async () => {
  const { db } = await testDatabase();
  await seedDemo(db);
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, demo.workspaceSlug));
  const [agent] = await db.select().from(agents).where(eq(agents.workspaceId, workspace!.id));
  const rows = await db.select({ id: releases.id, number: releases.number, notes: releases.notes }).from(releases).where(eq(releases.agentId, agent!.id));
  expect(rows).toMatchObject([{ number: 1, notes: "Release 1, published by the seed" }]);
  expect((await readDeployment(db, { workspaceId: workspace!.id, agentId: agent!.id }))?.liveReleaseId).toBe(rows[0]!.id);
  // It opens with two weeks of history, through every channel, in the demo store's untouched state.
  const history = await db
    .select({ channel: conversations.channel, status: conversations.status, createdAt: conversations.createdAt })
    .from(conversations)
    .where(and(eq(conversations.agentId, agent!.id), ne(conversations.channel, "eval")));
  expect(history).toHaveLength(env().SWITCHBACK_DEMO_HISTORY);
  expect(history.length).toBeGreaterThan(100);
  expect(new Set(history.map((c) => c.channel))).toEqual(new Set(["playground", "api", "widget"]));
  expect(new Set(history.map((c) => c.status))).toEqual(new Set(["open", "resolved", "escalated", "abandoned"]));
  expect(new Set(history.map((c) => c.createdAt.toISOString().slice(0, 10))).size).toBeGreaterThanOrEqual(12);
  // Release 1 passed the agent's gating eval suites (τ² retail and policy refusals), known failures apart.
  const [release] = await db.select({ evalRunId: releases.evalRunId }).from(releases).where(eq(releases.agentId, agent!.id));
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
    const created = await call("/conversations", { agent: agent!.slug });
    expect(created.status).toBe(201);
    const conversation = (await created.json()) as { id: string; release: number };
    expect(conversation.release).toBe(1);
    const asked = await call(`/conversations/${conversation.id}/messages`, { text: "Where is my order #W2378156?" });
    expect(asked.status).toBe(200);
    expect(JSON.stringify(await asked.json())).toMatch(/verify your identity/);
  } finally {
    await api.close();
  }
}, 120_000); // the whole seed: store, knowledge indexing, release

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
