import { and, eq, inArray, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations, memberships, messages, storeOrders, stores, toolExecutions, turnTraces } from "@/db/schema";
import { loadRetailDb } from "@/db/seed/store";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { publishRelease } from "@/server/services/releases/publish-release";
import { createAgent } from "@/server/services/agents/agents";
import { testDatabase } from "@/test/db";
import { randomGenerator, scenarios } from "./customers";
import { simulateConversations } from "./simulate-conversations";

let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
const now = new Date("2026-11-30T18:00:00Z");

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-simulate" });
  const [owner] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
  await publishRelease({ db, userId: owner!.userId, workspace: fx.workspace, role: "owner" }, { agentId: fx.agent.id, notes: "Release 1" });
});
afterAll(() => fx?.store.close());

const statuses = async (storeId: string) => (await db.select({ id: storeOrders.id, status: storeOrders.status }).from(storeOrders).where(eq(storeOrders.storeId, storeId))).sort((a, b) => a.id.localeCompare(b.id));

describe("switchback simulate", () => {
  it("runs a varied week of real conversations through the runtime, backdated, without touching the store", async () => {
    const before = await statuses(fx.storeId);
    const report = await simulateConversations(db, { workspaceId: fx.workspace.id, agent: fx.agent.slug, conversations: 40, days: 7, seed: 7, appUrl: fx.store.appUrl, now });
    expect(report.conversations).toBe(40);

    const rows = await db.select().from(conversations).where(eq(conversations.agentId, fx.agent.id));
    expect(rows).toHaveLength(40);
    // Spread over the week, none in the future.
    const days = new Set(rows.map((r) => r.createdAt.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(4);
    for (const r of rows) {
      expect(r.createdAt.getTime()).toBeGreaterThan(now.getTime() - 8 * 86_400_000);
      expect(r.createdAt.getTime()).toBeLessThan(now.getTime());
      expect(r.updatedAt.getTime()).toBeGreaterThanOrEqual(r.createdAt.getTime());
    }
    // The variety a week has, through every channel, with the outcomes the runtime reached.
    const count = (key: (r: (typeof rows)[number]) => unknown) => rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [String(key(r))]: (acc[String(key(r))] ?? 0) + 1 }), {});
    expect(Object.keys(count((r) => r.channel)).sort()).toEqual(["api", "playground", "widget"]);
    expect(count((r) => r.status)).toMatchObject({ resolved: expect.any(Number), escalated: expect.any(Number), abandoned: expect.any(Number) });
    expect(rows.filter((r) => r.csat !== null).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.channel !== "playground").every((r) => r.releaseNumber === 1)).toBe(true);
    expect(report.byStatus).toEqual(count((r) => r.status));

    // Real turns: messages and traces at a person's pace, writes through the gate and the ledger.
    const ids = rows.map((r) => r.id);
    const spoken = await db.select({ conversationId: messages.conversationId, createdAt: messages.createdAt, turn: messages.turn, text: messages.text }).from(messages).where(inArray(messages.conversationId, ids));
    // A request the agent refused is not counted as resolved when the brand's page ends the chat.
    const refused = new Set(spoken.filter((m) => /only (pending|delivered) orders can be|isn't on your account/i.test(m.text)).map((m) => m.conversationId));
    expect(refused.size).toBeGreaterThan(0);
    for (const r of rows.filter((c) => refused.has(c.id) && c.channel !== "playground")) expect(r.status).not.toBe("resolved");
    expect(spoken.length).toBeGreaterThan(40 * 2);
    const first = rows[0]!;
    const own = spoken.filter((m) => m.conversationId === first.id).sort((a, b) => a.turn - b.turn);
    expect(own.at(-1)!.createdAt.getTime() - own[0]!.createdAt.getTime()).toBeGreaterThan(10_000); // seconds apart, not milliseconds
    const traces = await db.select({ events: turnTraces.events }).from(turnTraces).where(inArray(turnTraces.conversationId, ids));
    const policySteps = traces.flatMap((t) => t.events).filter((e) => e.type === "policy");
    expect(policySteps.some((e) => e.decision === "deny")).toBe(true);
    const writes = await db.select({ status: toolExecutions.status }).from(toolExecutions).where(inArray(toolExecutions.conversationId, ids));
    expect(writes.some((w) => w.status === "succeeded")).toBe(true);

    // The writes went to a sandbox copy, thrown away: the store is as it was.
    expect(await statuses(fx.storeId)).toEqual(before);
    expect(await db.select().from(stores).where(like(stores.id, "%.sim"))).toEqual([]);
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(storeOrders).where(like(storeOrders.storeId, "%.sim")))[0]!.n).toBe(0);
  });

  it("the same seed gives the same customers", async () => {
    const data = await loadRetailDb();
    const kinds = (seed: number) => scenarios(data, 30, randomGenerator(seed)).map((s) => `${s.kind}:${s.channel}:${s.user.user_id}`);
    expect(kinds(3)).toEqual(kinds(3));
    expect(kinds(3)).not.toEqual(kinds(4));
  });

  it("refuses what it cannot simulate, saying why", async () => {
    const run = (input: Partial<Parameters<typeof simulateConversations>[1]>) =>
      simulateConversations(db, { workspaceId: fx.workspace.id, agent: fx.agent.slug, conversations: 5, days: 7, appUrl: fx.store.appUrl, ...input });
    await expect(run({ conversations: 0 })).rejects.toThrow("--conversations is a number from 1 to 2000");
    await expect(run({ days: 0 })).rejects.toThrow("--days is a number of days from 1 to 365");
    await expect(run({ agent: "nobody" })).rejects.toThrow("Agent not found");
    const [owner] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
    const bare = await createAgent({ db, userId: owner!.userId, workspace: fx.workspace, role: "owner" }, { name: "No store" });
    await expect(run({ agent: bare.slug })).rejects.toThrow(`${bare.slug} does not use the demo store`);
    expect(await db.select().from(conversations).where(and(eq(conversations.agentId, bare.id)))).toEqual([]);
  });
});
