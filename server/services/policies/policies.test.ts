import { and, eq } from "drizzle-orm";
import type { StoreOrder } from "@/server/services/store/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { messages, policyRevisions, policies, storeOrders } from "@/db/schema";
import { recordDeliveryDates } from "@/db/seed/store";
import type { Rule } from "@/lib/schemas/policy";
import { createConversation } from "@/server/agent/create-conversation";
import { runTurn } from "@/server/agent/run-turn";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";

// Policy authoring through the tRPC procedures, against the demo agent over a fresh store copy: an edit
// changes what the gate decides on the very next playground turn (no restart, no cache to clear).

let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let builder: Awaited<ReturnType<typeof addMember>>["caller"];
const KEY = "return_delivered_order_items";

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-policy-authoring" });
  builder = (await addMember(db, fx.workspace.id, "builder")).caller;
});
afterAll(() => fx?.store.close());

const ref = () => ({ workspace: fx.workspace.slug, agent: fx.agent.slug });

async function returnKeyboard() {
  const turnCtx = await buildTurnContext(db, { workspaceId: fx.workspace.id, appUrl: fx.store.appUrl });
  const { id } = await createConversation(turnCtx, { workspaceId: fx.workspace.id, agentId: fx.agent.id, channel: "playground" });
  let last;
  for (const text of ["I want to return the keyboard from order #W2378156", "yusuf.rossi7301@example.com", "to the original payment method"]) {
    last = await runTurn(turnCtx, { conversationId: id, text });
  }
  return last!;
}

const cardsEscalate: Rule = {
  id: "card-refunds-escalate",
  description: "Refunds to a credit card go to a person",
  when: { fact: "request.payment_method_type", op: "eq", value: "credit_card" },
  decision: "escalate",
  reason: "A member of our team will handle refunds to a credit card.",
};

describe("editing a policy through tRPC", () => {
  it("changes what the gate decides in the next playground turn", async () => {
    const before = await returnKeyboard();
    expect(before.reply).toMatch(/reply yes/i);
    expect(before.status).not.toBe("escalated");

    const policy = await builder.policies.get({ ...ref(), key: KEY });
    expect(policy.revision).toBe(1);
    const confirmAt = policy.definition.rules.findIndex((r) => r.id === "confirm-first");
    const rules = [...policy.definition.rules.slice(0, confirmAt), cardsEscalate, ...policy.definition.rules.slice(confirmAt)];
    const saved = await builder.policies.save({ ...ref(), key: KEY, name: policy.name, rules, defaultDecision: policy.definition.defaultDecision, baseRevision: 1 });
    expect(saved.revision).toBe(2);

    const after = await returnKeyboard();
    expect(after.status).toBe("escalated");
    const gate = after.trace.find((e) => e.type === "policy" && e.decision === "escalate");
    expect(gate).toMatchObject({ name: KEY, output: { ruleId: "card-refunds-escalate" } });
    expect((await fx.order("#W2378156")).status).toBe("delivered");
  });

  it("keeps every revision for the diff and refuses a save based on a stale revision", async () => {
    const policy = await builder.policies.get({ ...ref(), key: KEY });
    expect(policy.revisions.map((r) => r.revision)).toEqual([2, 1]);
    expect(policy.revisions[1]!.definition.rules.some((r) => r.id === cardsEscalate.id)).toBe(false);
    const rows = await db.select().from(policyRevisions).where(eq(policyRevisions.policyId, policy.id));
    expect(rows).toHaveLength(2);
    await expect(
      builder.policies.save({ ...ref(), key: KEY, name: policy.name, rules: policy.definition.rules, defaultDecision: policy.definition.defaultDecision, baseRevision: 1 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("policy tests pass, then fail with expected vs actual after a change", async () => {
    const facts = { "session.authenticated_user_id": "u1", "order.exists": true, "order.belongs_to_authenticated_user": true, "order.status": "delivered", "request.items_in_order": true, "request.payment_method_belongs_to_user": true, "request.payment_method_type": "credit_card", "request.payment_method_is_original": true, "session.confirmed": false };
    await builder.policies.createTest({ ...ref(), policyKey: KEY, name: "card refunds escalate", facts, expectedDecision: "escalate", expectedRuleId: cardsEscalate.id });
    const green = await builder.policies.runTests(ref());
    expect(green).toMatchObject({ total: 1, passed: 1, failed: 0 });

    const policy = await builder.policies.get({ ...ref(), key: KEY });
    await builder.policies.save({ ...ref(), key: KEY, name: policy.name, rules: policy.definition.rules.filter((r) => r.id !== cardsEscalate.id), defaultDecision: policy.definition.defaultDecision });
    const red = await builder.policies.runTests(ref());
    expect(red).toMatchObject({ total: 1, passed: 0, failed: 1 });
    expect(red.results[0]!.result).toMatchObject({ passed: false, decision: "require_confirmation", ruleId: "confirm-first", policyRevision: 3 });
    expect(red.results[0]!.result.message).toBe("Expected escalate by rule card-refunds-escalate, got require_confirmation by rule confirm-first");
    const [stored] = await builder.policies.tests(ref());
    expect(stored!.lastResult).toMatchObject({ passed: false });
  });

  it("the bench derives facts from the demo store and evaluates an unsaved draft", async () => {
    const facts = await builder.policies.benchFacts({ ...ref(), tool: KEY, args: { order_id: "W2378156", item_ids: ["1151293680"], payment_method_id: "credit_card_9513926" } });
    expect(facts).toMatchObject({ "order.status": "delivered", "order.belongs_to_authenticated_user": true, "request.payment_method_type": "credit_card", "session.confirmed": false });
    const policy = await builder.policies.get({ ...ref(), key: KEY });
    const d = await builder.policies.evaluate({ ...ref(), policy: { key: KEY, name: policy.name, rules: [cardsEscalate, ...policy.definition.rules], defaultDecision: policy.definition.defaultDecision }, facts: facts as Record<string, string> });
    expect(d).toMatchObject({ decision: "escalate", ruleId: cardsEscalate.id });
  });

  it("the bench fires the return-window rule for a demo-store order delivered more than 30 days ago", async () => {
    // The demo seed's delivery dates, on this test's copy of the store.
    await recordDeliveryDates(db, fx.storeId);
    const rows = await db.select({ data: storeOrders.data }).from(storeOrders).where(and(eq(storeOrders.storeId, fx.storeId), eq(storeOrders.status, "delivered")));
    const orders = rows.map((r) => r.data as unknown as StoreOrder & { delivered_at: string });
    const daysAgo = (o: { delivered_at: string }) => (Date.now() - Date.parse(o.delivered_at)) / 86_400_000;
    const late = orders.find((o) => daysAgo(o) > 31 && o.items.length >= 2)!;
    const recent = orders.find((o) => daysAgo(o) < 29)!;
    expect(late).toBeDefined();
    const args = (o: StoreOrder) => ({ order_id: o.order_id, item_ids: [o.items[0]!.item_id], payment_method_id: o.payment_history[0]!.payment_method_id });

    const policy = await builder.policies.get({ ...ref(), key: KEY });
    const evaluate = async (o: StoreOrder) => {
      const facts = await builder.policies.benchFacts({ ...ref(), tool: KEY, args: args(o), asCustomer: true, confirmed: true });
      expect(facts["order.delivered_days_ago"]).toBeTypeOf("number");
      return builder.policies.evaluate({ ...ref(), policy: { key: KEY, name: policy.name, rules: policy.definition.rules, defaultDecision: policy.definition.defaultDecision }, facts: facts as Record<string, string> });
    };
    expect(await evaluate(late)).toMatchObject({ decision: "deny", ruleId: "return-window" });
    expect(await evaluate(recent)).toMatchObject({ decision: "allow" });
  });

  it("a return's refund amount is the sum of the returned items' prices, repeats counted", async () => {
    const order = await fx.order("#W2378156");
    const [first, second] = order.items;
    const facts = await builder.policies.benchFacts({ ...ref(), tool: KEY, args: { order_id: "W2378156", item_ids: [first!.item_id, second!.item_id], payment_method_id: "credit_card_9513926" } });
    expect(facts["request.refund_amount"]).toBeCloseTo(first!.price + second!.price, 2);
    const one = await builder.policies.benchFacts({ ...ref(), tool: KEY, args: { order_id: "W2378156", item_ids: [first!.item_id], payment_method_id: "credit_card_9513926" } });
    expect(one["request.refund_amount"]).toBe(first!.price);
    // An item the order does not hold leaves the amount unknown instead of counting a wrong sum.
    const twice = await builder.policies.benchFacts({ ...ref(), tool: KEY, args: { order_id: "W2378156", item_ids: [first!.item_id, first!.item_id], payment_method_id: "credit_card_9513926" } });
    expect(twice["request.refund_amount"]).toBeUndefined();
    const catalogue = await builder.policies.facts(ref());
    expect(catalogue.find((f) => f.name === "request.refund_amount")).toMatchObject({ type: "number", derived: true });
  });

  it("bumps revision and updatedAt on every save (the runtime cache keys on them)", async () => {
    const [row] = await db.select().from(policies).where(and(eq(policies.agentId, fx.agent.id), eq(policies.key, KEY)));
    expect(row!.revision).toBe(3);
    expect(row!.updatedAt.getTime()).toBeGreaterThan(row!.createdAt.getTime());
  });

  it("a rule written as an expression is type-checked on save against the agent's facts, and decides on the bench", async () => {
    const policy = await builder.policies.get({ ...ref(), key: KEY });
    const save = (expr: string) =>
      builder.policies.save({
        ...ref(),
        key: KEY,
        name: policy.name,
        rules: [{ id: "over-total", description: "", when: { expr }, decision: "deny", reason: "That is more than the order cost." }, ...policy.definition.rules],
        defaultDecision: policy.definition.defaultDecision,
      });
    // Wrong types, an unknown fact and bad syntax: each a clear BAD_REQUEST naming the rule and the place; nothing saved.
    await expect(save('request.refund_amount > "lots"')).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^Rule over-total: These types do not go together: number > string \(at column 1/) });
    await expect(save("request.refund_amont > order.total")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/No fact named refund_amont.*at column 9/) });
    await expect(save("request.refund_amount >")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/ends too early.*at column 24/) });
    expect((await builder.policies.get({ ...ref(), key: KEY })).revision).toBe(policy.revision);

    const saved = await save("request.refund_amount > order.total * 0.5 && size(order.item_ids) > 1");
    expect(saved.revision).toBe(policy.revision + 1);
    const stored = await builder.policies.get({ ...ref(), key: KEY });
    const draft = { ...stored.definition, key: KEY, name: stored.name };
    const facts = { "request.refund_amount": 500, "order.total": 600, "order.item_ids": ["a", "b"] };
    expect(await builder.policies.evaluate({ ...ref(), policy: draft, facts })).toMatchObject({ decision: "deny", ruleId: "over-total" });
    expect(await builder.policies.evaluate({ ...ref(), policy: draft, facts: { ...facts, "request.refund_amount": 200 } })).not.toMatchObject({ ruleId: "over-total" });
  });

  it("a policy's computed facts are checked on save, saved, and decide through its rules on the bench", async () => {
    const policy = await builder.policies.get({ ...ref(), key: KEY });
    const save = (facts: { name: string; expr: string }[]) =>
      builder.policies.save({
        ...ref(),
        key: KEY,
        name: policy.name,
        facts,
        rules: [{ id: "most-of-order", description: "", when: { fact: "refund_share", op: "gt", value: 0.9 }, decision: "escalate", reason: "A person looks at refunds of nearly a whole order." }, ...policy.definition.rules],
        defaultDecision: policy.definition.defaultDecision,
      });
    await expect(save([{ name: "refund_share", expr: "request.refund_amount / order.totl" }])).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^Computed fact refund_share: No fact named totl/),
    });
    await expect(save([{ name: "order.total", expr: "1.0" }])).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/already a fact/) });
    expect((await builder.policies.get({ ...ref(), key: KEY })).revision).toBe(policy.revision);

    await save([{ name: "refund_share", expr: "request.refund_amount / order.total" }]);
    const stored = await builder.policies.get({ ...ref(), key: KEY });
    expect(stored.definition.facts).toEqual([{ name: "refund_share", expr: "request.refund_amount / order.total", description: "" }]);
    const draft = { ...stored.definition, key: KEY, name: stored.name };
    expect(await builder.policies.evaluate({ ...ref(), policy: draft, facts: { "request.refund_amount": 95, "order.total": 100 } })).toMatchObject({
      decision: "escalate",
      ruleId: "most-of-order",
      computed: { refund_share: 0.95 },
    });
    // The catalogue does not take the computed fact for a custom fact of the agent.
    expect((await builder.policies.facts(ref())).map((f) => f.name)).not.toContain("refund_share");
  });

  it("only builders and up may edit; another workspace's agent is not found", async () => {
    const viewer = (await addMember(db, fx.workspace.id, "viewer")).caller;
    const policy = await viewer.policies.get({ ...ref(), key: KEY });
    await expect(viewer.policies.save({ ...ref(), key: KEY, name: "x", rules: [], defaultDecision: policy.definition.defaultDecision })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const other = await makeWorkspace(db);
    await expect(other.caller.policies.list({ workspace: other.workspace.slug, agent: fx.agent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("guardrails saved through tRPC apply on the next turn: PII is masked in the stored transcript", async () => {
    const g = await builder.settings.guardrails(ref());
    expect(g.maskPii).toBe(false);
    await builder.settings.saveGuardrails({ ...ref(), guardrails: { ...g, maskPii: true } });
    const turnCtx = await buildTurnContext(db, { workspaceId: fx.workspace.id, appUrl: fx.store.appUrl });
    const { id } = await createConversation(turnCtx, { workspaceId: fx.workspace.id, agentId: fx.agent.id, channel: "playground" });
    await runTurn(turnCtx, { conversationId: id, text: "Where is my order #W2378156? I'm yusuf.rossi7301@example.com, call +1 415 555 0199" });
    const stored = await db.select().from(messages).where(eq(messages.conversationId, id));
    const customer = stored.find((m) => m.role === "customer")!;
    expect(customer.text).toBe("Where is my order #W2378156? I'm [email], call [phone]");
    expect(stored.map((m) => m.text).join(" ")).not.toContain("yusuf.rossi7301@example.com");
  });
});
