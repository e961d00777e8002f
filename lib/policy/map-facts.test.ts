import { describe, expect, it } from "vitest";
import type { Facts, Policy } from "@/lib/schemas/policy";
import { responseFacts } from "@/lib/tools/response-facts";
import { evaluatePolicy } from "@/server/agent/policy/evaluate";
import { flattenFacts } from "@/server/agent/policy/facts";
import { computedFactTypes } from "./computed-facts";
import { type CatalogueFact, checkExpression, computeFact, evaluateExpression, expressionContext } from "./expression";

// Objects keyed by an id (a customer's payment methods by payment-method id) as one fact of type map,
// and the functions that pair lists item by item, round money and read a timestamp's calendar day.

const userSchema = {
  type: "object",
  properties: {
    user_id: { type: "string" },
    payment_methods: {
      type: "object",
      additionalProperties: { type: "object", properties: { source: { type: "string" }, balance: { type: "number" }, id: { type: "string" } } },
    },
    address: { type: "object", properties: { zip: { type: "string" } } },
  },
};
const answer = {
  user_id: "u1",
  payment_methods: {
    gift_card_7: { source: "gift_card", balance: 40, id: "gift_card_7" },
    credit_card_3: { source: "credit_card", id: "credit_card_3", brand: "visa" },
  },
  address: { zip: "78701" },
};
const catalogue: CatalogueFact[] = [
  ...responseFacts("user", userSchema),
  { name: "request.payment_method_id", type: "string" },
  { name: "request.amount", type: "number" },
  { name: "request.item_ids", type: "string[]" },
  { name: "request.new_item_ids", type: "string[]" },
  { name: "order.delivered_at", type: "date" },
];
const now = new Date("2026-02-01T09:00:00Z");
const given = (method: string): Facts => ({ ...flattenFacts("user", answer, userSchema), "request.payment_method_id": method, "request.amount": 25 });

describe("map facts", () => {
  it("the response schema types a map of objects, and the answer flattens to one fact with its keys kept", () => {
    expect(catalogue.find((f) => f.name === "user.payment_methods")).toEqual({
      name: "user.payment_methods",
      type: "map",
      fields: [
        { name: "source", type: "string" },
        { name: "balance", type: "number" },
        { name: "id", type: "string" },
      ],
    });
    const facts = flattenFacts("user", answer, userSchema);
    expect(facts["user.payment_methods"]).toEqual(answer.payment_methods);
    expect(facts["user.address.zip"]).toBe("78701");
    // Without a schema saying it is a map, an object is nested facts as before.
    expect(flattenFacts("user", answer)["user.payment_methods.gift_card_7.source"]).toBe("gift_card");
  });

  it("type-checks membership and entry access, with the field's type", () => {
    expect(checkExpression("request.payment_method_id in user.payment_methods", catalogue)).toBeNull();
    expect(checkExpression('user.payment_methods[request.payment_method_id].source == "gift_card"', catalogue)).toBeNull();
    expect(checkExpression("user.payment_methods[request.payment_method_id].balance >= request.amount", catalogue)).toBeNull();
  });

  it("says what is wrong, at the place: an unknown field of the values, a value compared as a text", () => {
    const expr = 'user.payment_methods[request.payment_method_id].sourse == "gift_card"';
    const problem = checkExpression(expr, catalogue)!;
    expect(problem.message).toMatch(/sourse/);
    expect(expr.slice(problem.start, problem.end)).toContain("sourse");
    const whole = checkExpression('user.payment_methods == "gift_card"', catalogue)!;
    expect(whole.message).toMatch(/do not go together/);
    expect(whole.start).toBe(0);
  });

  it("evaluates entries: a key that is not there is an unknown fact, so a rule on it does not hold", () => {
    const isGiftCard = 'request.payment_method_id in user.payment_methods && user.payment_methods[request.payment_method_id].source == "gift_card"';
    expect(evaluateExpression(isGiftCard, expressionContext(given("gift_card_7"), now))).toBe(true);
    expect(evaluateExpression(isGiftCard, expressionContext(given("credit_card_3"), now))).toBe(false);
    expect(evaluateExpression(isGiftCard, expressionContext(given("paypal_9"), now))).toBe(false);
    const covers = "user.payment_methods[request.payment_method_id].balance >= request.amount";
    expect(evaluateExpression(covers, expressionContext(given("gift_card_7"), now))).toBe(true);
    expect(computeFact("user.payment_methods[request.payment_method_id].balance", expressionContext(given("paypal_9"), now))).toBeUndefined();
  });

  it("a comparison on a map is a policy bug (only exists / not_exists apply), so the gate fails closed", () => {
    const policy: Policy = {
      key: "p",
      name: "p",
      version: 1,
      rules: [{ id: "r", description: "", when: { fact: "user.payment_methods", op: "eq", value: "x" }, decision: "allow", reason: "ok" }],
      defaultDecision: { decision: "deny", reason: "no" },
    };
    expect(() => evaluatePolicy(policy, given("gift_card_7"), { now })).toThrow(/objects by id/);
  });
});

describe("pairing lists, money and calendar days", () => {
  const ctx = (facts: Facts) => expressionContext(facts, now);
  const differ = "range(size(request.item_ids)).all(i, i < size(request.new_item_ids) && request.new_item_ids[i] != request.item_ids[i])";

  it("range(n) pairs two lists by position", () => {
    expect(checkExpression(differ, catalogue)).toBeNull();
    expect(evaluateExpression(differ, ctx({ "request.item_ids": ["a", "b"], "request.new_item_ids": ["c", "d"] }))).toBe(true);
    expect(evaluateExpression(differ, ctx({ "request.item_ids": ["a", "b"], "request.new_item_ids": ["c", "b"] }))).toBe(false);
    expect(evaluateExpression(differ, ctx({ "request.item_ids": ["a", "b"], "request.new_item_ids": ["c"] }))).toBe(false);
  });

  it("an index past the end of a list is an unknown fact, not an error", () => {
    expect(computeFact("request.new_item_ids[3]", ctx({ "request.new_item_ids": ["c"] }))).toBeUndefined();
    expect(computeFact("request.new_item_ids[0]", ctx({ "request.new_item_ids": ["c"] }))).toBe("c");
  });

  it("a computed fact says it is not known with optional.none(), and is typed by what optional.of holds", () => {
    const refund = "size(request.item_ids) > 0 ? optional.of(request.amount * 2.0) : optional.none()";
    expect(computedFactTypes([{ name: "request.refund", expr: refund }], catalogue)).toEqual({ types: [{ name: "request.refund", type: "number" }], problem: null });
    expect(computeFact(refund, ctx({ "request.item_ids": ["a"], "request.amount": 25 }))).toBe(50);
    expect(computeFact(refund, ctx({ "request.item_ids": [], "request.amount": 25 }))).toBeUndefined();
  });

  it("round(x, 2) rounds money as a ledger does", () => {
    expect(computeFact("round(0.1 + 0.2, 2)", ctx({}))).toBe(0.3);
    expect(computeFact("round(2.675, 2)", ctx({}))).toBe(2.67);
    expect(computeFact("round(-0.001, 2)", ctx({}))).toBe(0);
  });

  it("int(timestamp) is seconds since the epoch, so whole UTC calendar days are int(t) / 86400", () => {
    const days = "double(int(now) / 86400 - int(order.delivered_at) / 86400)";
    const { types, problem } = computedFactTypes([{ name: "order.delivered_days_ago", expr: days }], catalogue);
    expect(problem).toBeNull();
    expect(types).toEqual([{ name: "order.delivered_days_ago", type: "number" }]);
    // 23:59 on one day to 00:01 on the next is one day; 10:00 to 09:00 thirty days later is thirty.
    expect(computeFact(days, expressionContext({ "order.delivered_at": "2026-01-31T23:59:00Z" }, new Date("2026-02-01T00:01:00Z")))).toBe(1);
    expect(computeFact(days, expressionContext({ "order.delivered_at": "2026-01-02T10:00:00Z" }, now))).toBe(30);
  });
});
