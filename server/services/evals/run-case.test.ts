import { createOpenAI } from "@ai-sdk/openai";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberships, storeOrders, stores } from "@/db/schema";
import { loadRetailDb } from "@/db/seed/store";
import { type CaseDefinition, caseDefinitionSchema, type Expectation } from "@/lib/schemas/evals";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import type { StoreOrder, StoreUser } from "@/server/services/store/types";
import { listConversations } from "@/server/services/conversations/list-conversations";
import { listInbox } from "@/server/services/handoff/list-inbox";
import { agentMetrics } from "@/server/services/insights/agent-metrics";
import { testDatabase } from "@/test/db";
import { startOpenAIStub } from "@/test/openai-stub-server";
import { runCase } from "./run-case";

let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let user: StoreUser;
let pending: StoreOrder;
let delivered: StoreOrder;

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-evals" });
  const data = await loadRetailDb();
  // A customer with a pending order and a delivered one.
  user = Object.values(data.users).find((u) => {
    const orders = u.orders.map((id) => data.orders[id]!);
    return orders.some((o) => o.status === "pending") && orders.some((o) => o.status === "delivered");
  })!;
  const orders = user.orders.map((id) => data.orders[id]!);
  pending = orders.find((o) => o.status === "pending")!;
  delivered = orders.find((o) => o.status === "delivered")!;
});
afterAll(() => fx?.store.close());

const run = async (definition: unknown) => {
  const config = await loadDraftConfig(db, { workspaceId: fx.workspace.id, agentId: fx.agent.id });
  return runCase(db, { workspaceId: fx.workspace.id, agentId: fx.agent.id, config, definition: caseDefinitionSchema.parse(definition), ctx: fx.ctx });
};

const cancelScript = () => ({ kind: "script", turns: ["I want to cancel my order", user.email, pending.order_id, "I no longer need it", "yes"] });

/** Each expectation alone, so every kind reports its own result. */
const results = async (definition: Omit<CaseDefinition, "expectations"> & { expectations: Expectation[] }) => {
  const outcome = await run(definition);
  expect(outcome.error).toBeNull();
  return outcome.expectations.map((e) => [e.kind, e.passed, e.got]);
};

describe("an eval case", () => {
  it("runs through the real runtime in a sandbox: every expectation kind passes on a conforming run", async () => {
    const outcome = await run({
      customer: cancelScript(),
      tools: "sandbox",
      expectations: [
        { kind: "journey", journey: "cancel a pending order" },
        { kind: "tool_called", tool: "cancel_pending_order", args: { order_id: pending.order_id, reason: "no longer needed" } },
        { kind: "tool_called", tool: "cancel_pending_order", args: { order_id: "^#W\\d+$" }, match: "pattern" },
        { kind: "tool_not_called", tool: "return_delivered_order_items" },
        { kind: "decision", tool: "cancel_pending_order", decision: "allow", rule: "allow" },
        { kind: "writes", count: 1 },
        { kind: "reply_contains", text: "cancel" },
        { kind: "reply_not_contains", text: "I can only help with orders on your own account" },
        { kind: "reply_matches", pattern: "order.*cancel" },
        { kind: "escalated", value: false },
        { kind: "outcome", status: "resolved" },
        { kind: "end_state", changes: [{ path: `/orders/${pending.order_id}/status`, value: "cancelled" }], exact: false },
        { kind: "judge", rubric: "contains: cancel" },
      ],
    });
    expect(outcome.error).toBeNull();
    expect(outcome.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(outcome.passed).toBe(true);
    expect(outcome.transcript).toHaveLength(5);
    // The store people and tests use is untouched; the sandbox is gone.
    const [real] = await db.select({ status: storeOrders.status }).from(storeOrders).where(and(eq(storeOrders.storeId, fx.storeId), eq(storeOrders.id, pending.order_id)));
    expect(real!.status).toBe("pending");
    expect((await db.select().from(stores)).filter((s) => s.id.includes(".eval-"))).toEqual([]);
  });

  it("fails each expectation on a violating run, saying what it got", async () => {
    const got = await results({
      customer: { kind: "script", turns: ["I want to cancel my order", user.email, pending.order_id, "I no longer need it", "no, keep it"] },
      tools: "sandbox",
      fixtures: {},
      mocks: [],
      expectations: [
        { kind: "journey", journey: "Return items" },
        { kind: "tool_called", tool: "cancel_pending_order", match: "subset" },
        { kind: "tool_not_called", tool: "get_order_details" },
        { kind: "decision", tool: "cancel_pending_order", decision: "allow" },
        { kind: "writes", count: 1 },
        { kind: "reply_contains", text: "refund has been issued" },
        { kind: "reply_not_contains", text: "cancel" },
        { kind: "reply_matches", pattern: "^exactly this$" },
        { kind: "citation" },
        { kind: "escalated", value: true },
        { kind: "outcome", status: "escalated" },
        { kind: "end_state", changes: [{ path: `/orders/${pending.order_id}/status`, value: "cancelled" }], exact: true },
        { kind: "judge", rubric: "contains: refund has been issued" },
      ],
    });
    expect(got.map(([kind, passed]) => [kind, passed])).toEqual([
      ["journey", false],
      ["tool_called", false],
      ["tool_not_called", false],
      ["decision", false],
      ["writes", false],
      ["reply_contains", false],
      ["reply_not_contains", false],
      ["reply_matches", false],
      ["citation", false],
      ["escalated", false],
      ["outcome", false],
      ["end_state", false],
      ["judge", false],
    ]);
    expect(got[0]![2]).toBe('reached "Cancel a pending order"');
    expect(got[3]![2]).toMatch(/require_confirmation/);
    expect(got[11]![2]).toContain(`/orders/${pending.order_id}/status is "pending"`);
  });

  it("checks the exact end state: a change nobody expected fails it", async () => {
    const outcome = await run({
      customer: cancelScript(),
      tools: "sandbox",
      expectations: [{ kind: "end_state", changes: [{ path: `/orders/${pending.order_id}/status`, value: "cancelled" }], exact: true }],
    });
    // Cancelling also records the reason and the refunds: listed, not silently accepted.
    expect(outcome.passed).toBe(false);
    expect(outcome.expectations[0]!.got).toContain(`/orders/${pending.order_id}/cancel_reason also changed`);
  });

  it("with mocks, answers every call from them and reaches no backend", async () => {
    const before = fx.store.requests.length;
    const order = { ...pending, user_id: user.user_id };
    const outcome = await run({
      customer: { kind: "script", turns: [`Where is my order ${pending.order_id}?`, user.email] },
      tools: "mock",
      mocks: [
        { tool: "find_user_id_by_email", response: { user_id: user.user_id } },
        { tool: "get_user_details", response: user },
        { tool: "get_order_details", args: { order_id: pending.order_id }, response: { ...order, status: "processed" } },
      ],
      expectations: [
        { kind: "tool_called", tool: "get_order_details", args: { order_id: pending.order_id } },
        { kind: "reply_contains", text: "processed" },
      ],
    });
    expect(outcome.error).toBeNull();
    expect(outcome.expectations.map((e) => [e.kind, e.passed, e.got])).toEqual([
      ["tool_called", true, expect.any(String)],
      ["reply_contains", true, expect.any(String)],
    ]);
    expect(fx.store.requests.length).toBe(before);
  });

  it("runs cases side by side in sandboxes that do not see each other's writes", async () => {
    const definition = { customer: cancelScript(), tools: "sandbox", expectations: [{ kind: "end_state", changes: [{ path: `/orders/${pending.order_id}/status`, value: "cancelled" }], exact: false }, { kind: "writes", count: 1 }] };
    const outcomes = await Promise.all([run(definition), run(definition), run(definition)]);
    // Each cancelled the same pending order in its own copy: had they shared one, the second would find it cancelled.
    expect(outcomes.map((o) => o.passed)).toEqual([true, true, true]);
  });

  it("keeps its conversation out of the conversation list, insights and the inbox: it escalates to no one", async () => {
    const outcome = await run({ customer: { kind: "script", turns: ["This is ridiculous. Get me a real person NOW."] }, tools: "sandbox", expectations: [{ kind: "escalated", value: true }] });
    expect(outcome.passed).toBe(true);
    const [member] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
    const ctx = { db, userId: member!.userId, workspace: fx.workspace, role: "owner" as const };
    const listed = async (q: { channel?: "eval" }) => (await listConversations(ctx, { agentId: fx.agent.id, ...q })).items.map((c) => c.id);
    expect(await listed({})).not.toContain(outcome.conversationId);
    expect(await listed({ channel: "eval" })).toContain(outcome.conversationId);
    expect((await listInbox(ctx, { queue: "open" })).map((c) => c.id)).not.toContain(outcome.conversationId);
    const today = new Date().toISOString().slice(0, 10);
    const metrics = await agentMetrics(ctx, { agentId: fx.agent.id, from: today, to: today });
    expect(metrics.current.conversations).toBe(0);
  });

  it("with an llm provider, the model plays a simulated customer from its persona and goal", async () => {
    // The customer's model is the test's own OpenAI-compatible server, through the real AI SDK client.
    const stub = await startOpenAIStub((body) => {
      const said = String(body.messages.at(-1)?.content ?? "");
      return { content: /email address on your account/i.test(said) ? user.email : "DONE" };
    });
    try {
      const config = await loadDraftConfig(db, { workspaceId: fx.workspace.id, agentId: fx.agent.id });
      const languageModel = createOpenAI({ baseURL: stub.baseURL, apiKey: "test-key" }).chat("gpt-test");
      const outcome = await runCase(db, {
        workspaceId: fx.workspace.id,
        agentId: fx.agent.id,
        config,
        ctx: { ...fx.ctx, languageModel },
        definition: caseDefinitionSchema.parse({
          customer: { kind: "simulated", persona: "A busy parent on the phone", goal: `Find out where order ${pending.order_id} is`, knows: `Their email is ${user.email}`, opening: `Where is my order ${pending.order_id}?` },
          tools: "sandbox",
          expectations: [{ kind: "tool_called", tool: "get_order_details", args: { order_id: pending.order_id } }, { kind: "writes", count: 0 }],
        }),
      });
      expect(outcome.error).toBeNull();
      expect(outcome.transcript.map((t) => t.customer)).toEqual([`Where is my order ${pending.order_id}?`, user.email]);
      expect(outcome.passed).toBe(true);
      // It played the persona it was given; once the agent had answered, the conversation was resolved.
      expect(stub.requests).toHaveLength(1);
      expect(JSON.stringify(stub.requests[0]!.body.messages)).toContain("A busy parent on the phone");
    } finally {
      await stub.close();
    }
  });

  it("reports a case that cannot run as written instead of failing the run", async () => {
    const outcome = await run({ customer: { kind: "simulated", persona: "A busy parent", goal: "Cancel an order", opening: "hi" }, tools: "sandbox", expectations: [{ kind: "writes", count: 0 }] });
    expect(outcome.passed).toBe(false);
    expect(outcome.error).toMatch(/simulated customer needs an llm provider/);
    expect(delivered.status).toBe("delivered");
  });
});
