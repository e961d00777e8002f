import { describe, expect, it } from "vitest";
import { type Condition, type Facts, type Operator, operators, operatorsByType, type Policy, policySchema } from "@/lib/schemas/policy";
import { daysSince, evaluatePolicy } from "./evaluate";

const now = new Date("2026-03-01T12:00:00Z");

/** A one-rule policy: allow when `when` holds, else deny. */
function holds(when: Condition, facts: Facts, at = now): boolean {
  const policy: Policy = {
    key: "t",
    name: "t",
    version: 1,
    rules: [{ id: "r", description: "", when, decision: "allow", reason: "yes" }],
    defaultDecision: { decision: "deny", reason: "no" },
  };
  return evaluatePolicy(policy, facts, { now: at }).decision === "allow";
}
const cmp = (fact: string, op: Operator, value?: unknown) => ({ fact, op, value }) as Condition;

describe("string facts", () => {
  const f = { "order.status": "pending (item modified)" };
  it.each([
    ["eq", "pending (item modified)", true],
    ["eq", "pending", false],
    ["neq", "pending", true],
    ["neq", "pending (item modified)", false],
    ["in", ["delivered", "pending (item modified)"], true],
    ["in", ["pending"], false],
    ["not_in", ["pending"], true],
    ["not_in", ["pending (item modified)"], false],
    ["contains", "modified", true],
    ["contains", "cancel", false],
    ["not_contains", "cancel", true],
    ["not_contains", "pending", false],
    ["exists", undefined, true],
    ["not_exists", undefined, false],
  ] as const)("%s %j → %s", (op, value, expected) => {
    expect(holds(cmp("order.status", op, value), f)).toBe(expected);
  });
});

describe("number facts", () => {
  const f = { "order.total": 100.5 };
  it.each([
    ["eq", 100.5, true],
    ["eq", 100, false],
    ["neq", 100, true],
    ["neq", 100.5, false],
    ["in", [1, 100.5], true],
    ["in", [1, 2], false],
    ["not_in", [1, 2], true],
    ["not_in", [100.5], false],
    ["gt", 100, true],
    ["gt", 100.5, false],
    ["gte", 100.5, true],
    ["gte", 101, false],
    ["lt", 101, true],
    ["lt", 100.5, false],
    ["lte", 100.5, true],
    ["lte", 100, false],
    ["exists", undefined, true],
    ["not_exists", undefined, false],
  ] as const)("%s %j → %s", (op, value, expected) => {
    expect(holds(cmp("order.total", op, value), f)).toBe(expected);
  });

  it("treats zero as a known value", () => {
    expect(holds(cmp("order.total", "exists"), { "order.total": 0 })).toBe(true);
    expect(holds(cmp("order.total", "lte", 0), { "order.total": 0 })).toBe(true);
  });
});

describe("boolean facts", () => {
  it.each([
    ["eq", true, true, true],
    ["eq", false, true, false],
    ["eq", false, false, true],
    ["neq", true, false, true],
    ["neq", true, true, false],
    ["exists", undefined, false, true],
    ["not_exists", undefined, false, false],
  ] as const)("%s %j on %s → %s", (op, value, fact, expected) => {
    expect(holds(cmp("session.confirmed", op, value), { "session.confirmed": fact })).toBe(expected);
  });
});

describe("date facts", () => {
  const f = { "order.delivered_at": new Date("2026-02-10T08:00:00Z") };
  it.each([
    ["eq", "2026-02-10T08:00:00Z", true],
    ["eq", "2026-02-10T08:00:01Z", false],
    ["neq", "2026-02-11", true],
    ["neq", "2026-02-10T08:00:00.000Z", false],
    ["gt", "2026-02-09", true],
    ["gt", "2026-02-11", false],
    ["gte", "2026-02-10T08:00:00Z", true],
    ["gte", "2026-02-10T08:00:01Z", false],
    ["lt", "2026-02-11", true],
    ["lt", "2026-02-10", false],
    ["lte", "2026-02-10T08:00:00Z", true],
    ["lte", "2026-02-10T07:59:59Z", false],
    // 2026-02-10 → 2026-03-01 is 19 days (February 2026 has 28).
    ["days_since_gt", 18, true],
    ["days_since_gt", 19, false],
    ["days_since_gte", 19, true],
    ["days_since_gte", 20, false],
    ["days_since_lt", 20, true],
    ["days_since_lt", 19, false],
    ["days_since_lte", 19, true],
    ["days_since_lte", 18, false],
    ["exists", undefined, true],
    ["not_exists", undefined, false],
  ] as const)("%s %j → %s", (op, value, expected) => {
    expect(holds(cmp("order.delivered_at", op, value), f)).toBe(expected);
  });

  it("accepts ISO strings as date facts for date operators", () => {
    expect(holds(cmp("order.delivered_at", "days_since_gte", 19), { "order.delivered_at": "2026-02-10" })).toBe(true);
    expect(holds(cmp("order.delivered_at", "gt", "2026-01-31"), { "order.delivered_at": "2026-02-01" })).toBe(true);
  });

  it.each([
    ["2025-12-31T23:59:00Z", "2026-01-01T00:01:00Z", 1], // across a year end, two minutes apart
    ["2025-12-01T00:00:00Z", "2026-01-01T00:00:00Z", 31],
    ["2026-01-31T10:00:00Z", "2026-03-01T09:00:00Z", 29], // across February of a common year
    ["2024-01-31T10:00:00Z", "2024-03-01T09:00:00Z", 30], // across February of a leap year
    ["2024-02-28T00:00:00Z", "2024-03-01T00:00:00Z", 2],
    ["2023-12-15T00:00:00Z", "2024-12-15T00:00:00Z", 366], // a leap year
    ["2026-04-30T00:00:00Z", "2026-05-01T23:59:59Z", 1], // across a month end
    ["2026-05-01T00:00:00Z", "2026-04-30T00:00:00Z", -1], // a date in the future
  ])("days since %s at %s is %i", (from, at, days) => {
    expect(daysSince(new Date(from), new Date(at))).toBe(days);
    expect(holds(cmp("d", "days_since_lte", days), { d: new Date(from) }, new Date(at))).toBe(true);
    expect(holds(cmp("d", "days_since_lt", days), { d: new Date(from) }, new Date(at))).toBe(false);
  });

  it("a 30-day window across the year end", () => {
    const window = cmp("order.delivered_at", "days_since_gt", 30);
    expect(holds(window, { "order.delivered_at": "2025-12-05" }, new Date("2026-01-04T18:00:00Z"))).toBe(false); // 30 days
    expect(holds(window, { "order.delivered_at": "2025-12-05" }, new Date("2026-01-05T00:30:00Z"))).toBe(true); // 31 days
  });
});

describe("list facts", () => {
  const f = { "order.payment_method_ids": ["paypal_1", "gift_card_2"] };
  it.each([
    ["eq", ["gift_card_2", "paypal_1"], true], // set equality: order does not matter
    ["eq", ["paypal_1"], false],
    ["neq", ["paypal_1"], true],
    ["neq", ["paypal_1", "gift_card_2"], false],
    ["contains", "paypal_1", true],
    ["contains", ["paypal_1", "gift_card_2"], true],
    ["contains", "credit_card_3", false],
    ["contains", ["paypal_1", "credit_card_3"], false],
    ["not_contains", "credit_card_3", true],
    ["not_contains", ["credit_card_3", "paypal_1"], false],
    ["in", ["paypal_1", "gift_card_2", "credit_card_3"], true], // subset
    ["in", ["paypal_1"], false],
    ["not_in", ["credit_card_3"], true], // disjoint
    ["not_in", ["gift_card_2"], false],
    ["exists", undefined, true],
    ["not_exists", undefined, false],
  ] as const)("%s %j → %s", (op, value, expected) => {
    expect(holds(cmp("order.payment_method_ids", op, value), f)).toBe(expected);
  });

  it("an empty list exists and is a subset of anything", () => {
    expect(holds(cmp("l", "exists"), { l: [] })).toBe(true);
    expect(holds(cmp("l", "in", ["a"]), { l: [] })).toBe(true);
    expect(holds(cmp("l", "contains", "a"), { l: [] })).toBe(false);
  });
});

describe("unknown facts and type errors", () => {
  it("a comparison on an unknown fact never matches; only not_exists does", () => {
    for (const op of operators) {
      const value = op === "in" || op === "not_in" ? ["x"] : op.startsWith("days_since") ? 1 : "x";
      expect(holds(cmp("order.delivered_days_ago", op, value), {}), op).toBe(op === "not_exists");
    }
  });

  it("every operator the editor offers for a type evaluates without error", () => {
    const samples: Record<string, { fact: Facts[string]; value: Record<string, unknown> }> = {
      string: { fact: "a", value: { in: ["a"], not_in: ["a"], default: "a" } },
      number: { fact: 1, value: { in: [1], not_in: [1], default: 1 } },
      boolean: { fact: true, value: { default: true } },
      date: { fact: new Date("2026-01-01"), value: { default: "2026-01-01", days: 1 } },
      "string[]": { fact: ["a"], value: { default: ["a"] } },
      "object[]": { fact: [{ sku: "a" }], value: {} },
    };
    for (const [type, ops] of Object.entries(operatorsByType)) {
      const { fact, value } = samples[type]!;
      for (const op of ops) {
        const v = op.startsWith("days_since") ? value.days : (value[op] ?? value.default);
        expect(() => holds(cmp("f", op, v), { f: fact }), `${type} ${op}`).not.toThrow();
      }
    }
  });

  it.each([
    ["gt on a boolean", cmp("b", "gt", 1), { b: true }],
    ["contains on a number", cmp("n", "contains", "1"), { n: 1 }],
    ["gt with a text value on a number", cmp("n", "gt", "5"), { n: 1 }],
    ["in without a list", cmp("s", "in", "a"), { s: "a" }],
    ["days_since on a non-date string", cmp("s", "days_since_gt", 3), { s: "not a date" }],
    ["days_since with a non-number", cmp("d", "days_since_gt", "3"), { d: new Date() }],
    ["eq true on a string", cmp("s", "eq", true), { s: "true" }],
  ] as const)("refuses %s (fails closed)", (_name, when, facts) => {
    expect(() => holds(when, facts as Facts)).toThrow(/rule r/);
  });
});

describe("combinators", () => {
  const t = cmp("x", "eq", 1);
  const f = cmp("x", "eq", 2);
  it.each([
    [{ all: [t, t] }, true],
    [{ all: [t, f] }, false],
    [{ all: [] }, true],
    [{ any: [f, t] }, true],
    [{ any: [f, f] }, false],
    [{ any: [] }, false],
    [{ not: f }, true],
    [{ not: { all: [t, { any: [f, { not: t }] }] } }, true],
  ] as const)("%j → %s", (when, expected) => {
    expect(holds(when as Condition, { x: 1 })).toBe(expected);
  });

  it("not of an unknown-fact comparison holds (so write rules on missing facts with not_exists)", () => {
    expect(holds({ not: cmp("missing", "eq", 1) }, {})).toBe(true);
  });
});

describe("rules", () => {
  const policy = policySchema.parse({
    key: "refunds",
    name: "Refunds",
    version: 7,
    rules: [
      { id: "big", when: cmp("amount", "gt", 500), decision: "escalate", reason: "A person reviews large refunds." },
      { id: "ask", when: cmp("confirmed", "neq", true), decision: "require_confirmation", reason: "Shall I refund?" },
      { id: "small", when: cmp("amount", "lte", 50), decision: "allow", reason: "Refunded.", conditions: ["to the original method"] },
      { id: "medium", when: cmp("amount", "lte", 500), decision: "allow", reason: "Refunded after review." },
    ],
    defaultDecision: { decision: "deny", reason: "Not refundable." },
  });

  it("the first matching rule wins and its trace stops there", () => {
    const d = evaluatePolicy(policy, { amount: 600, confirmed: false }, { now });
    expect(d).toMatchObject({ decision: "escalate", ruleId: "big", reason: "A person reviews large refunds.", policyKey: "refunds", policyVersion: 7 });
    expect(d.trace).toEqual([{ ruleId: "big", matched: true, facts: { amount: 600 } }]);
  });

  it("later rules apply only when earlier ones do not match", () => {
    expect(evaluatePolicy(policy, { amount: 40, confirmed: false }, { now }).ruleId).toBe("ask");
    const small = evaluatePolicy(policy, { amount: 40, confirmed: true }, { now });
    expect(small).toMatchObject({ decision: "allow", ruleId: "small", conditions: ["to the original method"] });
    expect(small.trace.map((t) => [t.ruleId, t.matched])).toEqual([
      ["big", false],
      ["ask", false],
      ["small", true],
    ]);
    expect(evaluatePolicy(policy, { amount: 200, confirmed: true }, { now })).toMatchObject({ ruleId: "medium", conditions: [] });
  });

  it("falls back to the default decision and traces every rule", () => {
    const d = evaluatePolicy(policy, { confirmed: true }, { now });
    expect(d).toMatchObject({ decision: "deny", ruleId: "default", reason: "Not refundable.", conditions: [] });
    expect(d.trace).toHaveLength(4);
    expect(d.trace.every((t) => !t.matched)).toBe(true);
    expect(d.trace[0]!.facts).toEqual({ amount: null });
  });

  it("is deterministic", () => {
    const facts = { amount: 45, confirmed: true };
    expect(evaluatePolicy(policy, facts, { now })).toEqual(evaluatePolicy(policy, facts, { now }));
  });

  it("the schema rejects duplicate rule ids, unknown operators and bad fact names", () => {
    const base = { key: "p", name: "P", version: 1, defaultDecision: { decision: "deny", reason: "no" } };
    const rule = { id: "a", when: cmp("x", "eq", 1), decision: "allow", reason: "ok" };
    expect(policySchema.safeParse({ ...base, rules: [rule] }).success).toBe(true);
    expect(policySchema.safeParse({ ...base, rules: [rule, rule] }).success).toBe(false);
    expect(policySchema.safeParse({ ...base, rules: [{ ...rule, when: { fact: "x", op: "like", value: 1 } }] }).success).toBe(false);
    expect(policySchema.safeParse({ ...base, rules: [{ ...rule, when: { fact: "Order Status", op: "eq", value: 1 } }] }).success).toBe(false);
    expect(policySchema.safeParse({ ...base, rules: [{ ...rule, decision: "maybe" }] }).success).toBe(false);
  });
});
