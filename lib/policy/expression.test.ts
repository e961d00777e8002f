import { describe, expect, it } from "vitest";
import type { Condition, FactType, Facts, Policy } from "@/lib/schemas/policy";
import { evaluatePolicy } from "@/server/agent/policy/evaluate";
import { computedFactTypes } from "./computed-facts";
import { checkExpression, evaluateExpression as evaluateIn, expressionContext, factsIn, syntaxProblem, toExpression } from "./expression";
import { describeExpression } from "./render";

const catalogue: { name: string; type: FactType }[] = [
  { name: "request.amount", type: "number" },
  { name: "request.check_in", type: "date" },
  { name: "order.total", type: "number" },
  { name: "order.status", type: "string" },
  { name: "order.item_ids", type: "string[]" },
  { name: "order.delivered_at", type: "date" },
  { name: "order.exists", type: "boolean" },
];
const now = new Date("2026-03-29T10:00:00Z"); // the day Europe moves its clocks forward
const facts: Facts = {
  "request.amount": 50,
  "request.check_in": new Date("2026-03-29T20:00:00Z"),
  "order.total": 80,
  "order.status": "delivered",
  "order.item_ids": ["1008292230", "6469567736", "1008292230"],
  "order.delivered_at": new Date("2026-03-28T09:30:00Z"),
  "order.exists": true,
};
const evaluateExpression = (expr: string, f: Facts, at: Date) => evaluateIn(expr, expressionContext(f, at));
const holds = (expr: string, f: Facts = facts) => {
  expect(checkExpression(expr, catalogue), expr).toBeNull();
  return evaluateExpression(expr, f, now);
};

describe("lists of objects (a lookup's line items, one answer per item)", () => {
  const lines = [
    { sku: "mug", quantity: 2, unit_price: 12.5, shipped_at: "2026-03-20T08:00:00Z", product: { category: "kitchen" } },
    { sku: "rug", quantity: 1, unit_price: 90, shipped_at: "2026-03-27T08:00:00Z", product: { category: "home" } },
  ];
  const typed = [
    ...catalogue,
    { name: "order.lines", type: "object[]" as const, fields: [{ name: "sku", type: "string" as const }, { name: "quantity", type: "number" as const }, { name: "unit_price", type: "number" as const }, { name: "shipped_at", type: "date" as const }, { name: "product.category", type: "string" as const }] },
  ];
  const withLines: Facts = { ...facts, "order.lines": lines };
  const run = (expr: string) => {
    expect(checkExpression(expr, typed), expr).toBeNull();
    return evaluateExpression(expr, withLines, now);
  };

  it("counts, sums, filters and checks every item by its fields, nested ones and dates included", () => {
    expect(run("size(order.lines) == 2")).toBe(true);
    expect(run("sum(order.lines.map(l, l.unit_price * l.quantity)) == 115.0")).toBe(true);
    expect(run("order.lines.filter(l, l.product.category == 'home').size() == 1")).toBe(true);
    expect(run("order.lines.all(l, l.quantity >= 1)")).toBe(true);
    expect(run("order.lines.exists(l, now - l.shipped_at > duration('168h'))")).toBe(true); // the mug, 9 days ago
    expect(run("order.lines.all(l, now - l.shipped_at > duration('168h'))")).toBe(false);
    expect(run("sum(order.lines.map(l, l.unit_price)) > order.total")).toBe(true);
  });

  it("type-checks item fields: one the items do not have is an error at its place", () => {
    const expr = "order.lines.all(l, l.colour == 'red')";
    expect(checkExpression(expr, typed)).toMatchObject({ message: expect.stringContaining("colour"), start: expr.indexOf("colour") });
    expect(checkExpression("order.lines.all(l, l.quantity == 'two')", typed)?.message).toMatch(/do not go together/);
  });

  it("a list whose fields are not known is checked loosely and evaluated as it comes", () => {
    const loose = [...catalogue, { name: "order.lines", type: "object[]" as const }];
    const expr = "order.lines.exists(l, l.sku == 'rug')";
    expect(checkExpression(expr, loose)).toBeNull();
    expect(evaluateExpression(expr, withLines, now)).toBe(true);
  });
});

describe("expressions over facts", () => {
  it("compare one fact with another, with arithmetic that mixes numbers and integer literals", () => {
    expect(holds("request.amount <= order.total")).toBe(true);
    expect(holds("request.amount + 40 <= order.total")).toBe(false);
    expect(holds("request.amount * 2 > order.total - 1")).toBe(true);
  });

  it("count, test every or any item, sum, and test membership and text", () => {
    expect(holds("size(order.item_ids) == 3")).toBe(true);
    expect(holds("order.item_ids.all(i, i.size() == 10)")).toBe(true);
    expect(holds('order.item_ids.exists(i, i == "6469567736")')).toBe(true);
    expect(holds('order.item_ids.filter(i, i == "1008292230").size() == 2')).toBe(true);
    expect(holds("sum([request.amount, order.total]) == 130.0")).toBe(true);
    expect(holds('"6469567736" in order.item_ids && order.status.startsWith("deliv")')).toBe(true);
    expect(holds('order.status in ["pending", "processed"]')).toBe(false);
  });

  it("reads time to the hour on the gate's clock (`now`), across a daylight-saving change", () => {
    // 24h30m since delivery: within 48 hours, not within 24.
    expect(holds('now - order.delivered_at < duration("48h")')).toBe(true);
    expect(holds('now - order.delivered_at < duration("24h")')).toBe(false);
    // Check-in 10 hours ahead, on the day Berlin skips an hour: timestamps are instants, so still 10h.
    expect(holds('request.check_in - now == duration("10h")')).toBe(true);
    expect(holds('request.check_in.getHours("Europe/Berlin") == 22')).toBe(true);
    // A date that came through JSON (the test bench) as an ISO string is a timestamp too.
    expect(holds('now - order.delivered_at < duration("48h")', { ...facts, "order.delivered_at": "2026-03-28T09:30:00Z" })).toBe(true);
  });

  it("a fact that is not known makes the expression not hold, as a comparison on it would not", () => {
    const { "order.status": _, ...unknownStatus } = facts;
    expect(holds('order.status == "delivered"', unknownStatus)).toBe(false);
    expect(holds('order.status != "delivered"', unknownStatus)).toBe(false);
  });

  it("a value of the wrong type at run time is a policy bug: it throws, so the gate fails closed", () => {
    expect(() => evaluateExpression("order.status > 3", { ...facts }, now)).toThrow(/types do not go together|overload/);
  });
});

describe("checking an expression against the agent's facts", () => {
  it("names the problem and its place: unknown fact, wrong types, syntax, not a yes/no question", () => {
    expect(checkExpression("order.nope == 1", catalogue)).toMatchObject({ message: expect.stringMatching(/No fact named nope/), start: 6 });
    expect(checkExpression('order.total > "ten"', catalogue)).toMatchObject({ message: expect.stringMatching(/types do not go together: number > string/) });
    expect(checkExpression("request.amount <= ", catalogue)).toMatchObject({ message: expect.stringMatching(/ends too early/), start: 18 });
    expect(checkExpression("order.status", catalogue)).toMatchObject({ message: expect.stringMatching(/must be true or false, but this is a string/) });
    expect(checkExpression("", catalogue)).toMatchObject({ message: expect.stringMatching(/Write an expression/) });
  });

  it("refuses hostile input with a clear problem: too long, too deep", () => {
    expect(checkExpression(`${"1 + ".repeat(600)}1 > 0`, catalogue)?.message).toMatch(/at most 2000 characters|limit|exceed/i);
    expect(syntaxProblem(`${"(".repeat(100)}true${")".repeat(100)}`)).not.toBeNull();
  });
});

describe("from the visual builder to an expression", () => {
  const typeOf = (name: string) => catalogue.find((f) => f.name === name)?.type;
  const rule = (when: Condition) => ({ id: "r", description: "", when, decision: "deny" as const, reason: "No." });
  const policy = (when: Condition): Policy => ({ key: "p", name: "P", version: 1, rules: [rule(when)], defaultDecision: { decision: "allow", reason: "Ok." } });

  it("says the same as the conditions it replaces, decided on the same facts", () => {
    const conditions: Condition[] = [
      { all: [{ fact: "order.status", op: "eq", value: "delivered" }, { fact: "request.amount", op: "lte", value: 60 }] },
      { any: [{ fact: "order.item_ids", op: "contains", value: "6469567736" }, { not: { fact: "order.total", op: "gt", value: 10 } }] },
      { fact: "order.status", op: "in", value: ["pending", "processed"] },
      { fact: "order.status", op: "not_contains", value: "cancel" },
    ];
    for (const when of conditions) {
      const expr = toExpression(when, typeOf);
      expect(expr, JSON.stringify(when)).not.toBeNull();
      for (const f of [facts, { ...facts, "order.status": "pending", "request.amount": 70 }]) {
        expect(evaluatePolicy(policy({ expr: expr! }), f, { now }).ruleId, expr!).toBe(evaluatePolicy(policy(when), f, { now }).ruleId);
      }
    }
    // Whole calendar days have no exact expression: the builder starts from an empty one instead.
    expect(toExpression({ fact: "order.delivered_at", op: "days_since_gt", value: 30 }, typeOf)).toBeNull();
  });

  it("reads back in plain language and lists the facts it reads", () => {
    expect(describeExpression('request.amount <= order.total && size(order.item_ids) > 2 && order.status != "a && b"')).toBe(
      'request amount is at most order total and the number of order item ids is more than 2 and order status is not "a && b"',
    );
    expect(describeExpression('order.item_ids.all(i, size(i) == 10) || order.item_ids.exists(i, i != "x")')).toBe(
      'every i in order item ids: the number of i is 10 or some i in order item ids: i is not "x"',
    );
    expect(factsIn('order.total > request.amount && "order.status" != ""', catalogue.map((f) => f.name))).toEqual(["request.amount", "order.total"]);
  });
});

describe("a rule written as an expression", () => {
  it("decides at the gate and shows the facts it read in the trace", () => {
    const p: Policy = {
      key: "refunds",
      name: "Refunds",
      version: 3,
      rules: [{ id: "over-total", description: "", when: { expr: "request.amount > order.total" }, decision: "deny", reason: "More than the order's total." }],
      defaultDecision: { decision: "allow", reason: "Fine." },
    };
    expect(evaluatePolicy(p, facts, { now })).toMatchObject({ decision: "allow", trace: [{ ruleId: "over-total", matched: false, facts: { "request.amount": 50, "order.total": 80 } }] });
    expect(evaluatePolicy(p, { ...facts, "request.amount": 95 }, { now })).toMatchObject({ decision: "deny", ruleId: "over-total" });
  });
});

describe("computed facts", () => {
  const policy = (over: Partial<Policy>): Policy => ({
    key: "returns",
    name: "Returns",
    version: 1,
    facts: [
      { name: "refund_share", expr: "request.amount / order.total", description: "" },
      { name: "hours_since_delivery", expr: "(now - order.delivered_at).getHours()", description: "" },
      { name: "big_late_refund", expr: "refund_share > 0.5 && hours_since_delivery > 24", description: "" },
    ],
    rules: [{ id: "big-late", description: "", when: { fact: "big_late_refund", op: "eq", value: true }, decision: "escalate", reason: "A person looks at it." }],
    defaultDecision: { decision: "allow", reason: "Fine." },
    ...over,
  });

  it("are typed from their expressions, each from the facts above it", () => {
    expect(computedFactTypes(policy({}).facts!, catalogue)).toEqual({
      types: [
        { name: "refund_share", type: "number" },
        { name: "hours_since_delivery", type: "number" },
        { name: "big_late_refund", type: "boolean" },
      ],
      problem: null,
    });
  });

  it("name the problem at its fact: a taken name, a fact computed later, a duration, a type error", () => {
    const check = (facts: { name: string; expr: string }[]) => computedFactTypes(facts, catalogue).problem;
    expect(check([{ name: "order.total", expr: "1.0" }])).toMatchObject({ index: 0, message: expect.stringMatching(/already a fact/) });
    expect(check([{ name: "a", expr: "b + 1.0" }, { name: "b", expr: "order.total" }])).toMatchObject({ index: 0, message: expect.stringMatching(/uses b, which is computed after it/) });
    expect(check([{ name: "wait", expr: "now - order.delivered_at" }])).toMatchObject({ message: expect.stringMatching(/this is a google.protobuf.Duration|duration/) });
    expect(check([{ name: "ok", expr: "order.total" }, { name: "bad", expr: 'ok > "x"' }])).toMatchObject({ index: 1, name: "bad" });
  });

  it("are worked out before the rules, decide through them, and show their values in the decision", () => {
    // Delivered 24.5 hours before `now` (24 whole hours), refund 50 of 80: not late enough.
    expect(evaluatePolicy(policy({}), facts, { now })).toMatchObject({
      decision: "allow",
      computed: { refund_share: 0.625, hours_since_delivery: 24, big_late_refund: false },
    });
    const later = new Date(now.getTime() + 3_600_000);
    expect(evaluatePolicy(policy({}), facts, { now: later })).toMatchObject({ decision: "escalate", ruleId: "big-late", computed: { hours_since_delivery: 25, big_late_refund: true } });
    // A fact it needs is not known: it is not known either, and a rule on it does not match.
    const { "order.total": _, ...noTotal } = facts;
    expect(evaluatePolicy(policy({}), noTotal, { now: later })).toMatchObject({ decision: "allow", computed: { refund_share: null, big_late_refund: null } });
  });
});
