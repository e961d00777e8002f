import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { Rule } from "@/lib/schemas/policy";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";

// Visual blocks through the studio's API, on an agent whose write reads a lookup with a list of objects
// (an order's line items) and one lookup per item (each item's stock record): saving type-checks each
// block against the lookups' fields and names the rule and the block; the bench decides by them and
// the trace shows the facts each block read.

let db: Db;
let caller: Awaited<ReturnType<typeof makeWorkspace>>["caller"];
let scope: { workspace: string; agent: string };

const read = (name: string, arg: string, responseSchema: object) => ({
  name,
  description: name,
  method: "GET",
  url: `{{appUrl}}/${name}/{${arg}}`,
  args: { type: "object", properties: { [arg]: { type: "string" } }, required: [arg] },
  kind: "read",
  responseSchema,
});

const rules: Rule[] = [
  { id: "not-returnable", description: "", when: { not: { every: "stock", where: { all: [{ field: "returnable", op: "eq", value: true }] } } }, decision: "deny", reason: "One of those items cannot be returned." },
  { id: "too-many", description: "", when: { count: "order.items", op: "gt", value: 3, where: { all: [{ field: "quantity", op: "gte", value: 1 }] } }, decision: "deny", reason: "At most three lines." },
  { id: "over-total", description: "", when: { fact: "request.amount", op: "gt", valueFact: "order.total" }, decision: "deny", reason: "More than the order cost." },
  {
    id: "small",
    description: "",
    when: { all: [{ every: "order.items", where: { all: [{ field: "quantity", op: "lte", value: 2 }] } }, { sum: "order.items", field: "unit_price", op: "lte", value: 100 }] },
    decision: "allow",
    reason: "Returned.",
  },
];
const policy = { key: "returns", name: "Returns", rules, defaultDecision: { decision: "escalate" as const, reason: "A person looks at it." } };

beforeAll(async () => {
  db = (await testDatabase()).db;
  const ws = await makeWorkspace(db);
  caller = ws.caller;
  const agent = await caller.agents.create({ workspace: ws.workspace.slug, name: "Return desk" });
  scope = { workspace: ws.workspace.slug, agent: agent.slug };
  const item = { type: "object", properties: { sku: { type: "string" }, quantity: { type: "integer" }, unitPrice: { type: "number" } } };
  await caller.tools.save({ ...scope, tool: read("get_order", "order_id", { type: "object", properties: { orderId: { type: "string" }, total: { type: "number" }, items: { type: "array", items: item } } }) });
  await caller.tools.save({ ...scope, tool: read("get_stock", "sku", { type: "object", properties: { sku: { type: "string" }, returnable: { type: "boolean" } } }) });
  await caller.policies.create({ ...scope, key: "returns", name: "Returns" });
  await caller.tools.save({
    ...scope,
    tool: {
      name: "return_items",
      description: "Return items of an order",
      method: "POST",
      url: "{{appUrl}}/orders/{order_id}/returns",
      args: { type: "object", properties: { order_id: { type: "string" }, skus: { type: "array", items: { type: "string" } }, amount: { type: "number" } } },
      kind: "write",
      policyKey: "returns",
      factsFrom: [
        { tool: "get_order", as: "order" },
        { tool: "get_stock", as: "stock", forEach: "request.skus", args: { sku: "item" } },
      ],
    },
  });
});

describe("visual blocks over a lookup's lists", () => {
  it("saves blocks that type-check against the lookups' fields, as blocks", async () => {
    const saved = await caller.policies.save({ ...scope, ...policy });
    const got = await caller.policies.get({ ...scope, key: "returns" });
    expect(got.revision).toBe(saved.revision);
    expect(got.definition.rules.map((r) => r.when)).toEqual(rules.map((r) => r.when));
    // Blocks are not custom facts of the agent: the catalogue offers only the lookups' facts for them.
    const facts = await caller.policies.facts(scope);
    expect(facts.filter((f) => !f.derived).map((f) => f.name)).toEqual([]);
  });

  it("refuses a block that does not fit, naming the rule and the block, and saves nothing", async () => {
    const before = (await caller.policies.get({ ...scope, key: "returns" })).revision;
    const withRule = (i: number, when: Rule["when"]) => caller.policies.save({ ...scope, ...policy, rules: rules.map((r, j) => (j === i ? { ...r, when } : r)) });
    await expect(withRule(1, { count: "order.items", op: "gt", value: 3, where: { all: [{ field: "colour", op: "eq", value: "red" }] } })).rejects.toThrow(
      "Rule too-many: count of order.items: order.items has no field colour",
    );
    await expect(withRule(3, { sum: "order.items", field: "sku", op: "lte", value: 100 })).rejects.toThrow("Rule small: sum of sku over order.items: sku is text: only a number field can be summed");
    await expect(withRule(2, { fact: "request.amount", op: "gt", valueFact: "order.order_id" })).rejects.toThrow(
      "Rule over-total: request.amount is a number but order.order_id is text: compare facts of the same type",
    );
    await expect(withRule(0, { every: "request.amount", where: { all: [] } })).rejects.toThrow("Rule not-returnable: every item of request.amount: request.amount is a number, not a list");
    expect((await caller.policies.get({ ...scope, key: "returns" })).revision).toBe(before);
  });

  it("the bench decides by the blocks and shows the facts each read", async () => {
    const order = { "order.exists": true, "order.total": 150, "order.items": [{ sku: "mug", quantity: 2, unit_price: 12.5 }, { sku: "lamp", quantity: 1, unit_price: 40 }] };
    const stock = [{ sku: "mug", returnable: true, exists: true }];
    const evaluate = (facts: Record<string, unknown>) => caller.policies.evaluate({ ...scope, policy, facts: { ...order, stock, "request.amount": 50, ...facts } as never });
    const ok = await evaluate({});
    expect(ok).toMatchObject({ decision: "allow", ruleId: "small" });
    expect(ok.trace.map((t) => [t.ruleId, Object.keys(t.facts)])).toEqual([
      ["not-returnable", ["stock"]],
      ["too-many", ["order.items"]],
      ["over-total", ["request.amount", "order.total"]],
      ["small", ["order.items"]],
    ]);
    expect((await evaluate({ stock: [...stock, { sku: "rug", returnable: false, exists: true }] })).ruleId).toBe("not-returnable");
    expect((await evaluate({ "order.items": [1, 2, 3, 4].map((n) => ({ sku: `s${n}`, quantity: 1, unit_price: 1 })) })).ruleId).toBe("too-many");
    expect((await evaluate({ "request.amount": 151 })).ruleId).toBe("over-total");
    expect((await evaluate({ "order.items": [{ sku: "rug", quantity: 1, unit_price: 120 }] })).ruleId).toBe("default");
    // An unknown order: no block about its items holds, and the amount is not compared.
    const { "order.items": _, "order.total": __, ...noOrder } = order;
    expect(await caller.policies.evaluate({ ...scope, policy, facts: { ...noOrder, stock, "request.amount": 50 } })).toMatchObject({ ruleId: "default", trace: [{ matched: false }, { matched: false, facts: { "order.items": null } }, { matched: false, facts: { "order.total": null } }, { matched: false }] });
  });
});
