import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { policies, releases, tools } from "@/db/schema";
import type { Policy } from "@/lib/schemas/policy";
import type { HttpTool } from "@/lib/schemas/tool";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { Tracer } from "@/server/agent/pipeline/trace";
import { decideWrite } from "@/server/agent/policy/decide-write";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { testDatabase } from "@/test/db";
import { upgradeRetailFacts } from "./retail-agent";

// A demo workspace seeded while the gate derived the store's facts in code has store tools without
// lookups and retail policies without computed facts, in its draft and in its releases. The upgrade
// gives them the demo's data, so the gate decides as before.

let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-retail-upgrade" });
});
afterAll(() => fx?.store.close());

const delivered = "#W2378156"; // yusuf_rossi_9620's delivered order

it("upgrades the draft and every release of an old demo workspace, once, and its writes decide as before", async () => {
  const scope = (t: typeof tools | typeof policies) => and(eq(t.workspaceId, fx.workspace.id), eq(t.agentId, fx.agent.id));
  // As such a workspace was seeded: no lookups, no response schemas, no computed facts.
  const toolRows = await db.select().from(tools).where(scope(tools));
  for (const row of toolRows) {
    const { factsFrom: _f, responseSchema: _r, facts: _c, ...old } = row.definition as HttpTool;
    await db.update(tools).set({ definition: old }).where(eq(tools.id, row.id));
  }
  const policyRows = await db.select().from(policies).where(scope(policies));
  for (const row of policyRows) {
    const { facts: _facts, ...old } = row.definition as Policy;
    await db.update(policies).set({ definition: old }).where(eq(policies.id, row.id));
  }
  const oldTools = Object.fromEntries((await db.select().from(tools).where(scope(tools))).map((r) => [r.name, r.definition]));
  const oldPolicies = Object.fromEntries((await db.select().from(policies).where(scope(policies))).map((r) => [r.key, r.definition]));
  const [release] = await db
    .insert(releases)
    .values({ workspaceId: fx.workspace.id, agentId: fx.agent.id, number: 1, snapshot: { agent: { name: "kept" }, tools: oldTools, policies: oldPolicies } })
    .returning({ id: releases.id });

  const decide = async () => {
    const config = await loadDraftConfig(db, { workspaceId: fx.workspace.id, agentId: fx.agent.id });
    const { decision } = await decideWrite(
      { ...fx.ctx, db, config, trace: new Tracer() },
      { tool: "cancel_pending_order", args: { order_id: delivered, reason: "no longer needed" }, session: { authenticatedUserId: "yusuf_rossi_9620", confirmed: true }, now: new Date() },
    );
    return decision;
  };
  // Without its facts, the old policy's rules read nothing and the cancellation of a delivered order goes through.
  expect(await decide()).toMatchObject({ decision: "allow" });

  expect(await upgradeRetailFacts(db, { workspaceId: fx.workspace.id, storeId: fx.storeId })).toEqual({ tools: 10, releases: 1 });
  expect(await decide()).toMatchObject({ decision: "deny", ruleId: "order-pending" });

  const [snapshot] = await db.select({ snapshot: releases.snapshot }).from(releases).where(eq(releases.id, release!.id));
  const upgraded = snapshot!.snapshot as { agent: unknown; tools: Record<string, HttpTool>; policies: Record<string, Policy> };
  expect(upgraded.agent).toEqual({ name: "kept" });
  expect(upgraded.tools.cancel_pending_order!.factsFrom).toEqual([{ tool: "get_order_details", as: "order", customerIdPath: "user_id" }]);
  expect(upgraded.tools.get_user_details!.responseSchema).toBeDefined();
  expect(upgraded.tools.cancel_pending_order!.facts?.map((f) => f.name)).toContain("order.was_item_modified");
  // The policies stay as they were.
  expect(upgraded.policies).toEqual(oldPolicies);

  // Nothing is left to upgrade.
  expect(await upgradeRetailFacts(db, { workspaceId: fx.workspace.id, storeId: fx.storeId })).toEqual({ tools: 0, releases: 0 });
}, 60_000);
