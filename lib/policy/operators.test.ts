import { describe, expect, it } from "vitest";
import { type Comparison, type FactType, type FactValue, type Operator, operatorsByType, operatorsOf, type Policy, policySchema } from "@/lib/schemas/policy";
import { daysSince, evaluatePolicy } from "@/server/agent/policy/evaluate";
import { defaultValue, operatorLabel, valueKind } from "./operators";

const now = new Date("2026-03-01T12:00:00Z");
const holds = (fact: FactValue | undefined, op: Operator, value?: Comparison["value"], at = now) => {
  const policy = policySchema.parse({
    key: "p",
    name: "p",
    version: 1,
    rules: [{ id: "r", when: { fact: "f.x", op, ...(value !== undefined ? { value } : {}) }, decision: "deny", reason: "no" }],
    defaultDecision: { decision: "allow", reason: "ok" },
  });
  return evaluatePolicy(policy, { "f.x": fact }, { now: at }).ruleId === "r";
};

// [fact value, operator, operand, expected] — one true and one false case for every operator each type offers.
const cases: Record<FactType, [FactValue, Operator, Comparison["value"] | undefined, boolean][]> = {
  string: [
    ["pending", "eq", "pending", true], ["delivered", "eq", "pending", false],
    ["delivered", "neq", "pending", true], ["pending", "neq", "pending", false],
    ["paypal", "in", ["paypal", "gift_card"], true], ["credit_card", "in", ["paypal"], false],
    ["credit_card", "not_in", ["paypal"], true], ["paypal", "not_in", ["paypal"], false],
    ["no longer needed", "contains", "needed", true], ["ordered by mistake", "contains", "needed", false],
    ["ordered by mistake", "not_contains", "needed", true], ["no longer needed", "not_contains", "needed", false],
    ["x", "exists", undefined, true],
    ["x", "not_exists", undefined, false],
  ],
  number: [
    [30, "eq", 30, true], [31, "eq", 30, false],
    [31, "neq", 30, true], [30, "neq", 30, false],
    [2, "in", [1, 2], true], [3, "in", [1, 2], false],
    [3, "not_in", [1, 2], true], [2, "not_in", [1, 2], false],
    [31, "gt", 30, true], [30, "gt", 30, false],
    [30, "gte", 30, true], [29, "gte", 30, false],
    [29, "lt", 30, true], [30, "lt", 30, false],
    [30, "lte", 30, true], [31, "lte", 30, false],
    [0, "exists", undefined, true],
    [0, "not_exists", undefined, false],
  ],
  boolean: [
    [true, "eq", true, true], [false, "eq", true, false],
    [false, "neq", true, true], [true, "neq", true, false],
    [false, "exists", undefined, true],
    [false, "not_exists", undefined, false],
  ],
  date: [
    ["2026-02-01T00:00:00Z", "eq", "2026-02-01T00:00:00Z", true], ["2026-02-02T00:00:00Z", "eq", "2026-02-01T00:00:00Z", false],
    ["2026-02-02T00:00:00Z", "neq", "2026-02-01T00:00:00Z", true], ["2026-02-01T00:00:00Z", "neq", "2026-02-01T00:00:00Z", false],
    ["2026-02-02", "gt", "2026-02-01", true], ["2026-02-01", "gt", "2026-02-01", false],
    ["2026-02-01", "gte", "2026-02-01", true], ["2026-01-31", "gte", "2026-02-01", false],
    ["2026-01-31", "lt", "2026-02-01", true], ["2026-02-01", "lt", "2026-02-01", false],
    ["2026-02-01", "lte", "2026-02-01", true], ["2026-02-02", "lte", "2026-02-01", false],
    [new Date("2026-01-29T10:00:00Z"), "days_since_gt", 30, true], [new Date("2026-01-30T10:00:00Z"), "days_since_gt", 30, false],
    [new Date("2026-01-30T10:00:00Z"), "days_since_gte", 30, true], [new Date("2026-01-31T10:00:00Z"), "days_since_gte", 30, false],
    [new Date("2026-01-31T10:00:00Z"), "days_since_lt", 30, true], [new Date("2026-01-30T10:00:00Z"), "days_since_lt", 30, false],
    [new Date("2026-01-30T10:00:00Z"), "days_since_lte", 30, true], [new Date("2026-01-29T10:00:00Z"), "days_since_lte", 30, false],
    [new Date("2026-01-01"), "exists", undefined, true],
    [new Date("2026-01-01"), "not_exists", undefined, false],
  ],
  "string[]": [
    [["a", "b"], "eq", ["b", "a"], true], [["a"], "eq", ["a", "b"], false],
    [["a"], "neq", ["a", "b"], true], [["a", "b"], "neq", ["b", "a"], false],
    [["a"], "in", ["a", "b"], true], [["a", "c"], "in", ["a", "b"], false],
    [["c"], "not_in", ["a", "b"], true], [["a", "c"], "not_in", ["a", "b"], false],
    [["a", "b"], "contains", "a", true], [["b"], "contains", "a", false],
    [["b"], "not_contains", "a", true], [["a", "b"], "not_contains", "a", false],
    [[], "exists", undefined, true],
    [[], "not_exists", undefined, false],
  ],
  "object[]": [
    [[{ sku: "a" }], "exists", undefined, true],
    [[{ sku: "a" }], "not_exists", undefined, false],
  ],
  map: [
    [{ gift_card_1: { source: "gift_card" } }, "exists", undefined, true],
    [{ gift_card_1: { source: "gift_card" } }, "not_exists", undefined, false],
  ],
};

describe("every operator on every fact type", () => {
  for (const type of Object.keys(cases) as FactType[]) {
    it(`${type}: covers every operator the editor offers, true and false`, () => {
      const covered = new Set(cases[type].map(([, op]) => op));
      expect([...covered].sort()).toEqual([...operatorsOf(type)].sort());
      for (const [fact, op, value, expected] of cases[type]) {
        expect(holds(fact, op, value), `${JSON.stringify(fact)} ${op} ${JSON.stringify(value)}`).toBe(expected);
      }
    });
    it(`${type}: an unknown fact matches only not_exists`, () => {
      for (const op of operatorsOf(type)) expect(holds(undefined, op, defaultValue(type, op))).toBe(op === "not_exists");
    });
    it(`${type}: the editor's default value for each operator evaluates without a type error`, () => {
      const sample = cases[type][0]![0];
      for (const op of operatorsOf(type)) expect(() => holds(sample, op, defaultValue(type, op))).not.toThrow();
    });
  }

  it("an operator used on the wrong type fails closed (throws), so the gate never skips a rule silently", () => {
    expect(() => holds(true, "gt", true)).toThrow(/does not apply/);
    expect(() => holds("pending", "days_since_gt", 3)).toThrow(/needs a date/);
    expect(() => holds([{ sku: "a" }], "contains", "a")).toThrow("f.x is a list of objects: check its items with an expression");
  });
});

describe("date arithmetic across month and year ends", () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    ["2026-01-31T23:00:00Z", "2026-02-01T01:00:00Z", 1],
    ["2026-01-31T00:00:00Z", "2026-03-01T00:00:00Z", 29], // February 2026 has 28 days
    ["2028-01-31T00:00:00Z", "2028-03-01T00:00:00Z", 30], // leap year
    ["2028-02-29T12:00:00Z", "2028-03-01T08:00:00Z", 1],
    ["2025-12-31T23:59:00Z", "2026-01-01T00:01:00Z", 1],
    ["2025-12-15T00:00:00Z", "2026-01-14T00:00:00Z", 30],
    ["2025-11-30T00:00:00Z", "2026-01-14T00:00:00Z", 45],
    ["2026-04-30T10:00:00Z", "2026-04-30T22:00:00Z", 0],
  ])("from %s to %s is %i days", (from, to, days) => {
    expect(daysSince(at(from), at(to))).toBe(days);
  });

  it("a 45-day window decided at the boundary across the year end", () => {
    const delivered = "2025-11-30T09:00:00Z";
    expect(holds(delivered, "days_since_gt", 45, at("2026-01-14T18:00:00Z"))).toBe(false); // day 45: still inside
    expect(holds(delivered, "days_since_gt", 45, at("2026-01-15T00:30:00Z"))).toBe(true); // day 46: outside
  });
});

describe("rule order and the default decision", () => {
  const policy: Policy = policySchema.parse({
    key: "returns",
    name: "Returns",
    version: 3,
    rules: [
      { id: "not-delivered", when: { fact: "order.status", op: "neq", value: "delivered" }, decision: "deny", reason: "Not delivered" },
      { id: "paypal", when: { fact: "request.payment_method_type", op: "eq", value: "paypal" }, decision: "escalate", reason: "A person handles PayPal" },
      { id: "confirm", when: { fact: "session.confirmed", op: "neq", value: true }, decision: "require_confirmation", reason: "Confirm?" },
    ],
    defaultDecision: { decision: "allow", reason: "Done" },
  });
  const decide = (facts: Record<string, FactValue>) => evaluatePolicy(policy, facts, { now });

  it("the first matching rule wins even when later ones also match", () => {
    const d = decide({ "order.status": "pending", "request.payment_method_type": "paypal", "session.confirmed": false });
    expect([d.decision, d.ruleId, d.trace.length]).toEqual(["deny", "not-delivered", 1]);
  });

  it("reordering rules changes the decision", () => {
    const swapped = { ...policy, rules: [policy.rules[1]!, policy.rules[0]!, policy.rules[2]!] };
    const d = evaluatePolicy(swapped, { "order.status": "pending", "request.payment_method_type": "paypal" }, { now });
    expect(d.ruleId).toBe("paypal");
  });

  it("no rule matching gives the default decision with the policy version, tracing every rule", () => {
    const d = decide({ "order.status": "delivered", "request.payment_method_type": "credit_card", "session.confirmed": true });
    expect(d).toMatchObject({ decision: "allow", ruleId: "default", reason: "Done", policyVersion: 3 });
    expect(d.trace.map((t) => [t.ruleId, t.matched])).toEqual([["not-delivered", false], ["paypal", false], ["confirm", false]]);
  });
});

describe("operator vocabulary", () => {
  it("every operator of every type has a label and a value kind", () => {
    for (const [type, ops] of Object.entries(operatorsByType) as [FactType, readonly Operator[]][]) {
      for (const op of ops) {
        expect(operatorLabel(op, type)).not.toBe("");
        expect(["none", "text", "number", "boolean", "date", "days", "list"]).toContain(valueKind(type, op));
      }
    }
    expect(valueKind("string", "in")).toBe("list");
    expect(valueKind("date", "days_since_gt")).toBe("days");
    expect(valueKind("string[]", "contains")).toBe("text");
  });
});
