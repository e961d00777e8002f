import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLogs, conversationEvents, conversations, erasedConversationStats, messages, toolExecutions, turnTraces } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { makeWorkspace, uniq } from "@/test/factories";
import { REDACTED } from "./anonymize-conversations";
import { applyRetention } from "./apply-retention";
import { makeCustomer, makeCustomerConversation } from "./testing";

const DAY = 86_400_000;
const now = new Date("2026-12-01T12:00:00Z");
let db: Db;

beforeAll(async () => {
  db = (await testDatabase()).db;
});

/** A workspace with an agent, retention set through the studio, and conversations whose last activity is `ages` (ms) before now. */
async function setup(retention: { mode: "delete" | "anonymize"; days: number }, ages: Record<string, number>) {
  const { workspace, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
  await caller.privacy.saveSettings({ workspace: workspace.slug, retention, redactPii: false });
  const customer = await makeCustomer(db, workspace.id, `c-${uniq()}`, { email: "a@b.test" });
  const ids: Record<string, string> = {};
  for (const [name, age] of Object.entries(ages)) {
    // Started 10 days before its last message, so the age is the last activity's, not the start's.
    const last = new Date(now.getTime() - age);
    const c = await makeCustomerConversation(db, { workspaceId: workspace.id, agentId: agent.id, customer, texts: [`hello from ${name} a@b.test`, "hi"], createdAt: new Date(last.getTime() - 10 * DAY), lastMessageAt: last });
    ids[name] = c.id;
  }
  return { workspace, caller, agent, customer, ids };
}

const remaining = async (ids: string[]) => (await db.select({ id: conversations.id }).from(conversations).where(inArray(conversations.id, ids))).map((r) => r.id).sort();

describe("retention", () => {
  it("deletes exactly the conversations whose last activity is more than N days old, keeping their aggregates", async () => {
    const { workspace, caller, agent, ids } = await setup(
      { mode: "delete", days: 30 },
      { older: 30 * DAY + 1000, muchOlder: 400 * DAY, exactly: 30 * DAY, younger: 30 * DAY - 1000, today: 0 },
    );
    const metrics = () => caller.insights.agentMetrics({ workspace: workspace.slug, agentId: agent.id, from: "2025-10-01", to: "2026-12-01", timeZone: "UTC" });
    const before = await metrics();
    const outcome = await applyRetention(db, { now, workspaceId: workspace.id });
    expect(outcome).toEqual([{ workspaceId: workspace.id, mode: "delete", days: 30, conversations: 2 }]);
    expect(await remaining(Object.values(ids))).toEqual([ids.exactly, ids.younger, ids.today].sort());
    expect(await db.select().from(messages).where(inArray(messages.conversationId, [ids.older!, ids.muchOlder!]))).toEqual([]);
    const stats = await db.select().from(erasedConversationStats).where(eq(erasedConversationStats.workspaceId, workspace.id));
    expect(stats.reduce((s, r) => s + r.conversations, 0)).toBe(2);
    const { quality: _a, ...was } = before as typeof before & { quality?: unknown };
    const { quality: _b, ...is } = (await metrics()) as typeof before & { quality?: unknown };
    expect(is).toEqual(was);
    const [entry] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, workspace.id), eq(auditLogs.action, "retention.apply")));
    expect(entry).toMatchObject({ actorId: null, after: { mode: "delete", days: 30, conversations: 2 } });
    // A second run finds nothing more.
    expect(await applyRetention(db, { now, workspaceId: workspace.id })).toEqual([{ workspaceId: workspace.id, mode: "delete", days: 30, conversations: 0 }]);
  });

  it("anonymizes instead when asked: text redacted, customer unlinked, rows kept; once", async () => {
    const { workspace, customer, ids } = await setup({ mode: "anonymize", days: 7 }, { old: 7 * DAY + 1, fresh: 7 * DAY - 1 });
    const ws = workspace.id;
    await db.insert(turnTraces).values({ workspaceId: ws, conversationId: ids.old!, turn: 1, events: [{ type: "policy", name: "refunds", input: { email: "a@b.test" }, output: { ruleId: "r1", reason: "a@b.test" }, decision: "allow", durationMs: 1 }] });
    await db.insert(toolExecutions).values({ workspaceId: ws, conversationId: ids.old!, tool: "find_user", idempotencyKey: `k-${uniq()}`, args: { email: "a@b.test" }, status: "succeeded", result: { id: "u1" } });
    await db.insert(conversationEvents).values({ workspaceId: ws, conversationId: ids.old!, type: "message.created", payload: { message: { id: "m", role: "customer", text: "a@b.test" } } });

    expect(await applyRetention(db, { now, workspaceId: ws })).toEqual([{ workspaceId: ws, mode: "anonymize", days: 7, conversations: 1 }]);
    const [old] = await db.select().from(conversations).where(eq(conversations.id, ids.old!));
    expect(old).toMatchObject({ customer: null, customerRef: null, state: {}, metadata: { anonymizedAt: now.toISOString() } });
    expect((await db.select({ text: messages.text }).from(messages).where(eq(messages.conversationId, ids.old!))).map((m) => m.text)).toEqual([REDACTED, REDACTED]);
    const [trace] = await db.select().from(turnTraces).where(eq(turnTraces.conversationId, ids.old!));
    expect(trace!.events).toEqual([{ type: "policy", name: "refunds", output: { ruleId: "r1" }, decision: "allow", durationMs: 1 }]);
    const [tool] = await db.select().from(toolExecutions).where(eq(toolExecutions.conversationId, ids.old!));
    expect(tool).toMatchObject({ args: {}, result: null });
    const [event] = await db.select().from(conversationEvents).where(eq(conversationEvents.conversationId, ids.old!));
    expect(event!.payload).toEqual({ message: { id: "m", role: "customer", text: REDACTED } });
    // The fresh one is untouched and still the customer's.
    const [fresh] = await db.select().from(conversations).where(eq(conversations.id, ids.fresh!));
    expect(fresh!.customerRef).toBe(customer.id);
    expect((await db.select({ text: messages.text }).from(messages).where(eq(messages.conversationId, ids.fresh!)))[0]!.text).toContain("hello from fresh");
    // Anonymized once: the next run has nothing to do.
    expect((await applyRetention(db, { now, workspaceId: ws }))[0]!.conversations).toBe(0);
  });

  it("does nothing for a workspace with retention off", async () => {
    const { workspace, caller } = await makeWorkspace(db);
    const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
    const c = await makeCustomerConversation(db, { workspaceId: workspace.id, agentId: agent.id, createdAt: new Date(now.getTime() - 1000 * DAY) });
    expect(await applyRetention(db, { now, workspaceId: workspace.id })).toEqual([]);
    expect(await remaining([c.id])).toEqual([c.id]);
  });
});
