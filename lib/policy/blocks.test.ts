import { describe, expect, it } from "vitest";
import type { Condition, FactType, Facts, ItemField, Policy } from "@/lib/schemas/policy";
import { conditionSchema, policySchema } from "@/lib/schemas/policy";
import { evaluatePolicy } from "@/server/agent/policy/evaluate";
import { catalogueTypes } from "./blocks";
import { conditionProblem } from "./computed-facts";
import { diffPolicy } from "./diff";
import { checkExpression, factsReadBy, toExpression } from "./expression";
import { describeCondition, describeRule } from "./render";

// The rule builder's visual blocks: a fact against another fact, the number of a list's items, a sum
// over them, every / some item — stored as data, decided through their CEL form.

const itemFields: ItemField[] = [
  { name: "sku", type: "string" },
  { name: "quantity", type: "number" },
  { name: "unit_price", type: "number" },
  { name: "shipped_at", type: "date" },
  { name: "tags", type: "string[]" },
  { name: "gift", type: "boolean" },
];
const catalogue: { name: string; type: FactType; fields?: ItemField[] }[] = [
  { name: "request.refund_amount", type: "number" },
  { name: "request.max_items", type: "number" },
  { name: "request.sku", type: "string" },
  { name: "request.ship_by", type: "date" },
  { name: "order.total", type: "number" },
  { name: "order.status", type: "string" },
  { name: "order.placed_at", type: "date" },
  { name: "order.items", type: "object[]", fields: itemFields },
  { name: "order.item_ids", type: "string[]" },
  { name: "stock", type: "object[]", fields: [{ name: "sku", type: "string" }, { name: "returnable", type: "boolean" }, { name: "exists", type: "boolean" }] },
];
const now = new Date("2026-12-01T10:00:00Z");
const items = [
  { sku: "mug", quantity: 2, unit_price: 12.5, shipped_at: "2026-11-20T08:00:00Z", tags: ["kitchen"], gift: false },
  { sku: "lamp", quantity: 1, unit_price: 40, shipped_at: "2026-11-28T08:00:00Z", tags: ["home", "fragile"], gift: true },
  { sku: "rug", quantity: 1, unit_price: 90, shipped_at: "2026-11-29T08:00:00Z", tags: [], gift: false },
];
const facts: Facts = {
  "request.refund_amount": 65,
  "request.max_items": 3,
  "request.sku": "lamp",
  "request.ship_by": "2026-11-28T12:00:00Z",
  "order.total": 155,
  "order.status": "delivered",
  "order.placed_at": new Date("2026-11-18T10:00:00Z"),
  "order.items": items,
  "order.item_ids": ["a1", "b2", "a3"],
  stock: [
    { sku: "mug", returnable: true, exists: true },
    { sku: "lamp", returnable: true, exists: true },
  ],
};

const policy = (when: Condition): Policy => ({
  key: "p",
  name: "P",
  version: 1,
  rules: [{ id: "r", description: "", when, decision: "deny", reason: "No." }],
  defaultDecision: { decision: "allow", reason: "Ok." },
});
const decide = (when: Condition, f: Facts = facts) => evaluatePolicy(policy(conditionSchema.parse(when)), f, { now });
const holds = (when: Condition, f: Facts = facts) => decide(when, f).ruleId === "r";
const without = (name: string, f: Facts = facts): Facts => Object.fromEntries(Object.entries(f).filter(([k]) => k !== name));

describe("a fact compared with another fact", () => {
  it("orders and equates numbers, dates and text", () => {
    expect(holds({ fact: "request.refund_amount", op: "lte", valueFact: "order.total" })).toBe(true);
    expect(holds({ fact: "request.refund_amount", op: "gt", valueFact: "order.total" })).toBe(false);
    expect(holds({ fact: "request.refund_amount", op: "eq", valueFact: "order.total" }, { ...facts, "request.refund_amount": 155 })).toBe(true);
    expect(holds({ fact: "request.refund_amount", op: "neq", valueFact: "order.total" }, { ...facts, "request.refund_amount": 155 })).toBe(false);
    // A date that came through JSON as an ISO string compares as a moment with a Date.
    expect(holds({ fact: "order.placed_at", op: "lt", valueFact: "request.ship_by" })).toBe(true);
    expect(holds({ fact: "order.placed_at", op: "gte", valueFact: "request.ship_by" })).toBe(false);
    expect(holds({ fact: "order.status", op: "eq", valueFact: "request.sku" }, { ...facts, "request.sku": "delivered" })).toBe(true);
  });

  it("does not hold when either fact is unknown (eq and neq alike), and the trace shows both facts", () => {
    for (const op of ["eq", "neq", "lte", "gt"] as const) {
      expect(holds({ fact: "request.refund_amount", op, valueFact: "order.total" }, without("order.total")), op).toBe(false);
      expect(holds({ fact: "request.refund_amount", op, valueFact: "order.total" }, without("request.refund_amount")), op).toBe(false);
    }
    // Negated, an unknown fact makes it hold, as `not` of any comparison on an unknown fact does.
    expect(holds({ not: { fact: "request.refund_amount", op: "lte", valueFact: "order.total" } }, without("order.total"))).toBe(true);
    expect(decide({ fact: "request.refund_amount", op: "lte", valueFact: "order.total" }, without("order.total")).trace[0]!.facts).toEqual({ "request.refund_amount": 65, "order.total": null });
  });

  it("fails closed when the facts' values do not go together at run time", () => {
    expect(() => holds({ fact: "request.refund_amount", op: "lt", valueFact: "order.status" })).toThrow(/rule r/);
  });
});

describe("counting a list's items", () => {
  it("counts all items, or those where the item conditions hold, against a number or a fact", () => {
    expect(holds({ count: "order.items", op: "eq", value: 3 })).toBe(true);
    expect(holds({ count: "order.items", op: "gt", value: 3 })).toBe(false);
    expect(holds({ count: "order.items", op: "eq", value: 1, where: { all: [{ field: "quantity", op: "gt", value: 1 }] } })).toBe(true);
    expect(holds({ count: "order.items", op: "eq", value: 2, where: { any: [{ field: "sku", op: "eq", value: "mug" }, { field: "gift", op: "eq", value: true }] } })).toBe(true);
    expect(holds({ count: "order.items", op: "eq", value: 1, where: { all: [{ field: "sku", op: "eq", valueFact: "request.sku" }] } })).toBe(true);
    expect(holds({ count: "order.items", op: "lte", valueFact: "request.max_items" })).toBe(true);
    expect(holds({ count: "order.items", op: "lte", valueFact: "request.max_items" }, { ...facts, "request.max_items": 2 })).toBe(false);
    expect(holds({ count: "order.items", op: "eq", valueFact: "request.max_items" })).toBe(true);
    // Fractions and dates and lists of text in the item conditions.
    expect(holds({ count: "order.items", op: "lt", value: 2.5, where: { all: [{ field: "shipped_at", op: "gt", value: "2026-11-27" }] } })).toBe(true);
    expect(holds({ count: "order.items", op: "eq", value: 2, where: { all: [{ field: "shipped_at", op: "gt", value: "2026-11-27" }] } })).toBe(true);
    expect(holds({ count: "order.items", op: "eq", value: 1, where: { all: [{ field: "tags", op: "contains", value: "fragile" }] } })).toBe(true);
  });

  it("counts the values of a list of text", () => {
    expect(holds({ count: "order.item_ids", op: "eq", value: 3 })).toBe(true);
    expect(holds({ count: "order.item_ids", op: "eq", value: 2, where: { all: [{ op: "contains", value: "a" }] } })).toBe(true);
    expect(holds({ count: "order.item_ids", op: "eq", value: 1, where: { all: [{ op: "in", value: ["b2", "zz"] }] } })).toBe(true);
  });

  it("an empty list counts 0; an unknown list is not counted (the block does not hold), nor an unknown fact to compare with", () => {
    expect(holds({ count: "order.items", op: "eq", value: 0 }, { ...facts, "order.items": [] })).toBe(true);
    expect(holds({ count: "order.items", op: "lte", value: 3 }, without("order.items"))).toBe(false);
    expect(holds({ count: "order.items", op: "gt", value: 3 }, without("order.items"))).toBe(false);
    expect(holds({ count: "order.items", op: "lte", valueFact: "request.max_items" }, without("request.max_items"))).toBe(false);
    expect(decide({ count: "order.items", op: "lte", valueFact: "request.max_items" }).trace[0]!.facts).toEqual({ "order.items": items, "request.max_items": 3 });
  });
});

describe("summing a field over a list's items", () => {
  it("sums all items, or those where the item conditions hold", () => {
    expect(holds({ sum: "order.items", field: "unit_price", op: "eq", value: 142.5 })).toBe(true);
    expect(holds({ sum: "order.items", field: "unit_price", op: "lte", valueFact: "order.total" })).toBe(true);
    expect(holds({ sum: "order.items", field: "unit_price", op: "gt", valueFact: "order.total" }, { ...facts, "order.total": 100 })).toBe(true);
    expect(holds({ sum: "order.items", field: "quantity", op: "eq", value: 3, where: { all: [{ field: "sku", op: "in", value: ["mug", "lamp"] }] } })).toBe(true);
    expect(holds({ sum: "order.items", field: "unit_price", op: "eq", value: 52.5, where: { all: [{ field: "unit_price", op: "lt", value: 50 }] } })).toBe(true);
  });

  it("the sum of an empty list (or of no item passing the filter) is 0; an unknown list is not summed", () => {
    expect(holds({ sum: "order.items", field: "unit_price", op: "eq", value: 0 }, { ...facts, "order.items": [] })).toBe(true);
    expect(holds({ sum: "order.items", field: "unit_price", op: "eq", value: 0, where: { all: [{ field: "sku", op: "eq", value: "sofa" }] } })).toBe(true);
    expect(holds({ sum: "order.items", field: "unit_price", op: "lte", value: 1000 }, without("order.items"))).toBe(false);
  });
});

describe("every / some item", () => {
  it("asks every or some item, by the item's fields, a fact or the values of a list of text", () => {
    expect(holds({ every: "stock", where: { all: [{ field: "returnable", op: "eq", value: true }] } })).toBe(true);
    const notReturnable = { ...facts, stock: [{ sku: "mug", returnable: true, exists: true }, { sku: "rug", returnable: false, exists: true }] };
    expect(holds({ every: "stock", where: { all: [{ field: "returnable", op: "eq", value: true }] } }, notReturnable)).toBe(false);
    expect(holds({ some: "stock", where: { all: [{ field: "returnable", op: "eq", value: false }] } }, notReturnable)).toBe(true);
    expect(holds({ some: "order.items", where: { all: [{ field: "sku", op: "eq", valueFact: "request.sku" }, { field: "gift", op: "eq", value: true }] } })).toBe(true);
    expect(holds({ some: "order.items", where: { all: [{ field: "sku", op: "eq", valueFact: "request.sku" }, { field: "gift", op: "eq", value: false }] } })).toBe(false);
    expect(holds({ every: "order.items", where: { any: [{ field: "quantity", op: "gte", value: 2 }, { field: "unit_price", op: "gte", value: 40 }] } })).toBe(true);
    expect(holds({ every: "order.item_ids", where: { all: [{ op: "neq", value: "zz" }] } })).toBe(true);
    expect(holds({ some: "order.item_ids", where: { all: [{ op: "eq", value: "zz" }] } })).toBe(false);
    // A field an item may not have.
    expect(holds({ every: "order.items", where: { all: [{ field: "gift", op: "exists" }] } })).toBe(true);
    expect(holds({ some: "order.items", where: { all: [{ field: "gift", op: "not_exists" }] } }, { ...facts, "order.items": [...items, { sku: "x", quantity: 1, unit_price: 1 }] })).toBe(true);
  });

  it("every item of an empty list holds and some does not; an unknown list holds for neither", () => {
    const where = { all: [{ field: "returnable", op: "eq" as const, value: true }] };
    expect(holds({ every: "stock", where }, { ...facts, stock: [] })).toBe(true);
    expect(holds({ some: "stock", where }, { ...facts, stock: [] })).toBe(false);
    expect(holds({ every: "stock", where }, without("stock"))).toBe(false);
    expect(holds({ some: "stock", where }, without("stock"))).toBe(false);
    // An item condition on a fact that is not known: the block does not hold.
    expect(holds({ every: "order.items", where: { all: [{ field: "unit_price", op: "lte", valueFact: "order.total" }] } }, without("order.total"))).toBe(false);
  });
});

describe("type-checking blocks against the facts (the editor and saving)", () => {
  const problem = (when: Condition) => conditionProblem(when, catalogue, { customFacts: true });
  it("accepts blocks whose facts, fields and types fit", () => {
    const ok: Condition[] = [
      { fact: "request.refund_amount", op: "lte", valueFact: "order.total" },
      { fact: "order.placed_at", op: "lt", valueFact: "request.ship_by" },
      { count: "order.items", op: "lte", value: 3, where: { all: [{ field: "quantity", op: "gt", value: 1 }] } },
      { count: "order.item_ids", op: "gt", valueFact: "request.max_items" },
      { sum: "order.items", field: "unit_price", op: "lte", valueFact: "order.total", where: { any: [{ field: "sku", op: "eq", valueFact: "request.sku" }] } },
      { every: "stock", where: { all: [{ field: "returnable", op: "eq", value: true }, { field: "exists", op: "eq", value: true }] } },
      { some: "order.items", where: { all: [{ field: "tags", op: "contains", value: "fragile" }, { field: "shipped_at", op: "lt", valueFact: "request.ship_by" }] } },
    ];
    for (const when of ok) expect(problem(when), JSON.stringify(when)).toBeNull();
  });

  it("names the block and what is wrong with it", () => {
    expect(problem({ count: "order.items", op: "lte", value: 3, where: { all: [{ field: "colour", op: "eq", value: "red" }] } })).toBe("count of order.items: order.items has no field colour");
    expect(problem({ sum: "order.items", field: "sku", op: "lte", value: 3 })).toBe("sum of sku over order.items: sku is text: only a number field can be summed");
    expect(problem({ sum: "order.item_ids", field: "x", op: "lte", value: 3 })).toMatch(/^sum of x over order.item_ids: the items of order.item_ids are text|nothing to sum/);
    expect(problem({ every: "order.status", where: { all: [] } })).toBe("every item of order.status: order.status is text, not a list");
    expect(problem({ some: "orders.nope", where: { all: [] } })).toBe("some item of orders.nope: Unknown fact orders.nope: pick a list from the facts");
    expect(problem({ every: "stock", where: { all: [{ field: "returnable", op: "eq", value: "yes" }] } })).toBe("every item of stock: returnable needs true or false");
    expect(problem({ every: "stock", where: { all: [{ field: "returnable", op: "gt", value: true }] } })).toMatch(/returnable is yes\/no: the operator gt does not apply/);
    expect(problem({ some: "order.items", where: { all: [{ field: "quantity", op: "eq", valueFact: "order.status" }] } })).toBe("some item of order.items: quantity is a number but order.status is text: compare facts of the same type");
    expect(problem({ count: "order.items", op: "lte", valueFact: "order.status" })).toBe("count of order.items: order.status is text: a count is compared with a number");
    expect(problem({ count: "order.items", op: "lte" })).toBe("count of order.items: compare it with a number or a number fact");
    expect(problem({ fact: "request.refund_amount", op: "lte", valueFact: "order.status" })).toBe("request.refund_amount is a number but order.status is text: compare facts of the same type");
    expect(problem({ fact: "request.refund_amount", op: "lte", valueFact: "order.nope" })).toBe("Unknown fact order.nope: pick one from the list of facts");
    expect(problem({ fact: "order.status", op: "gt", valueFact: "request.sku" })).toMatch(/the operator gt does not compare them/);
    expect(problem({ fact: "request.refund_amount", op: "lte", value: 3, valueFact: "order.total" })).toMatch(/keep one/);
    // Nested in groups, as in a rule.
    expect(problem({ all: [{ fact: "order.status", op: "eq", value: "x" }, { not: { every: "stock", where: { all: [{ field: "colour", op: "eq", value: "red" }] } } }] })).toBe("every item of stock: stock has no field colour");
  });
});

describe("a block and its expression decide the same", () => {
  const { typeOf, fieldsOf } = catalogueTypes(catalogue);
  const blocks: Condition[] = [
    { fact: "request.refund_amount", op: "lte", valueFact: "order.total" },
    { fact: "order.placed_at", op: "gte", valueFact: "request.ship_by" },
    { count: "order.items", op: "lte", value: 2, where: { all: [{ field: "quantity", op: "gte", value: 1 }, { field: "tags", op: "not_contains", value: "fragile" }] } },
    { count: "order.item_ids", op: "eq", valueFact: "request.max_items" },
    { sum: "order.items", field: "unit_price", op: "gt", valueFact: "request.refund_amount", where: { any: [{ field: "sku", op: "eq", valueFact: "request.sku" }, { field: "shipped_at", op: "lt", value: "2026-11-25" }] } },
    { every: "stock", where: { all: [{ field: "returnable", op: "eq", value: true }] } },
    { some: "order.items", where: { all: [{ field: "gift", op: "eq", value: true }, { field: "unit_price", op: "lte", value: 40 }] } },
    { all: [{ every: "order.item_ids", where: { all: [{ op: "in", value: ["a1", "b2", "a3"] }] } }, { not: { count: "order.items", op: "gt", value: 3 } }] },
  ];
  const factSets: Facts[] = [
    facts,
    { ...facts, "request.refund_amount": 200, "request.max_items": 2, "request.ship_by": "2026-11-01T00:00:00Z", "request.sku": "rug" },
    { ...facts, "order.items": [], stock: [], "order.item_ids": [] },
    { ...facts, stock: [{ sku: "rug", returnable: false, exists: true }], "order.item_ids": ["a1", "x"], "request.refund_amount": 10 },
    without("order.items", without("stock", without("request.sku"))),
  ];

  it("on several sets of facts, and the expression type-checks against the same facts", () => {
    for (const when of blocks) {
      const expr = toExpression(when, typeOf, fieldsOf);
      expect(expr, JSON.stringify(when)).not.toBeNull();
      expect(checkExpression(expr!, catalogue), expr!).toBeNull();
      for (const [n, f] of factSets.entries()) {
        // Under `not`, a visual condition on an unknown fact is negated on its own (not known → true), where
        // a whole expression with an unknown fact does not hold: true of every comparison, blocks alike.
        if (n === 4 && "all" in when) continue;
        expect(decide({ expr: expr! }, f).ruleId, `${expr} on facts ${n}`).toBe(decide(when, f).ruleId);
      }
    }
    const negated: Condition = { not: { count: "order.items", op: "gt", value: 3 } };
    expect([decide(negated, without("order.items")).ruleId, decide({ expr: toExpression(negated, typeOf, fieldsOf)! }, without("order.items")).ruleId]).toEqual(["r", "default"]);
    // The blocks are not all trivially true or false on these facts: each decides both ways somewhere.
    for (const when of blocks) expect(new Set(factSets.map((f) => decide(when, f).ruleId)).size, JSON.stringify(when)).toBe(2);
  });

  it("reads as the expression a builder would write", () => {
    expect(toExpression(blocks[0]!, typeOf, fieldsOf)).toBe("request.refund_amount <= order.total");
    expect(toExpression({ count: "order.items", op: "lte", value: 3, where: { all: [{ field: "quantity", op: "gt", value: 1 }] } }, typeOf, fieldsOf)).toBe("size(order.items.filter(i, i.quantity > 1.0)) <= 3");
    expect(toExpression({ sum: "order.items", field: "unit_price", op: "lte", valueFact: "order.total" }, typeOf, fieldsOf)).toBe("sum(order.items.map(i, i.unit_price)) <= order.total");
    expect(toExpression({ every: "stock", where: { all: [{ field: "returnable", op: "eq", value: true }] } }, typeOf, fieldsOf)).toBe("stock.all(i, i.returnable == true)");
    expect(toExpression({ some: "order.items", where: { all: [{ field: "shipped_at", op: "lt", value: "2026-11-25" }] } }, typeOf, fieldsOf)).toBe('order.items.exists(i, i.shipped_at < timestamp("2026-11-25T00:00:00.000Z"))');
    // A fact the item conditions compare with that is called `i` does not clash with the item.
    expect(toExpression({ every: "stock", where: { all: [{ field: "sku", op: "eq", valueFact: "i.sku" }] } }, typeOf, fieldsOf)).toBe("stock.all(item_, item_.sku == i.sku)");
    // Number comparisons type-check as expressions (facts' numbers are doubles).
    expect(checkExpression(toExpression({ fact: "order.total", op: "eq", value: 155 }, typeOf)!, catalogue)).toBeNull();
  });
});

describe("blocks in plain language, in diffs and on the bench", () => {
  it("reads each block in words", () => {
    expect(describeCondition({ count: "order.items", op: "lte", value: 3, where: { all: [{ field: "quantity", op: "gt", value: 1 }] } })).toBe("the number of order items where quantity is more than 1 is at most 3");
    expect(describeCondition({ every: "stock", where: { all: [{ field: "returnable", op: "eq", value: true }] } })).toBe("every stock item has returnable true");
    expect(describeCondition({ fact: "request.refund_amount", op: "lte", valueFact: "order.total" })).toBe("request refund amount is at most order total");
    expect(describeCondition({ sum: "order.items", field: "unit_price", op: "lte", valueFact: "order.total", where: { any: [{ field: "sku", op: "eq", valueFact: "request.sku" }, { field: "gift", op: "eq", value: true }] } })).toBe(
      "the sum of unit price over order items where sku is request sku or gift is true is at most order total",
    );
    expect(describeCondition({ some: "order.items", where: { all: [{ field: "unit_price", op: "gt", value: 50 }, { field: "sku", op: "neq", value: "rug" }] } })).toBe("some order item has unit price more than 50 and has sku not rug");
    expect(describeCondition({ every: "order.item_ids", where: { all: [{ op: "in", value: ["a", "b"] }] } })).toBe('every order item id is one of "a", "b"');
    expect(describeCondition({ count: "order.item_ids", op: "eq", value: 0 })).toBe("the number of order item ids is 0");
    expect(describeRule({ decision: "deny", when: { all: [{ every: "stock", where: { all: [{ field: "returnable", op: "eq", value: true }] } }, { sum: "order.items", field: "unit_price", op: "lte", value: 100 }] } })).toBe(
      "Deny if every stock item has returnable true and the sum of unit price over order items is at most 100",
    );
  });

  it("a changed block shows in the diff, and the bench asks for the facts blocks read", () => {
    const before = policySchema.parse(policy({ count: "order.items", op: "lte", value: 3 }));
    const after = policySchema.parse(policy({ count: "order.items", op: "lte", valueFact: "request.max_items" }));
    expect(diffPolicy(before, after)).toEqual([
      { kind: "changed", ruleId: "r", before: 'Deny if the number of order items is at most 3 — "No."', after: 'Deny if the number of order items is at most request max items — "No."' },
    ]);
    const names = catalogue.map((f) => f.name);
    expect([...factsReadBy({ some: "order.items", where: { all: [{ field: "sku", op: "eq", valueFact: "request.sku" }] } }, names)]).toEqual(["order.items", "request.sku"]);
    expect([...factsReadBy({ fact: "request.refund_amount", op: "lte", valueFact: "order.total" }, names)]).toEqual(["request.refund_amount", "order.total"]);
    expect([...factsReadBy({ sum: "order.items", field: "unit_price", op: "lte", valueFact: "order.total" }, names)]).toEqual(["order.items", "order.total"]);
  });

  it("the stored policy keeps blocks as data and refuses malformed ones", () => {
    expect(conditionSchema.safeParse({ count: "order.items", op: "in", value: 3 }).success).toBe(false);
    expect(conditionSchema.safeParse({ every: "stock" }).success).toBe(false);
    expect(conditionSchema.safeParse({ every: "stock", where: { all: [{ field: "returnable", op: "eq", value: true, extra: 1 }] } }).success).toBe(false);
    expect(conditionSchema.parse({ sum: "order.items", field: "unit_price", op: "lte", value: 3 })).toEqual({ sum: "order.items", field: "unit_price", op: "lte", value: 3 });
  });
});
