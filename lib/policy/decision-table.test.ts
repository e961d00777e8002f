import { describe, expect, it } from "vitest";
import { computedFactSchema, type Condition, type DecisionTable, type FactType, type Facts, type Policy, type TableFact } from "@/lib/schemas/policy";
import { evaluatePolicy } from "@/server/agent/policy/evaluate";
import { computedFactProblemText, computedFactTypes } from "./computed-facts";
import { overlappingRows } from "./decision-table";
import { diffPolicy } from "./diff";
import { describeTable } from "./render";

// Decision tables: a computed fact picked by rows of conditions. The hotel's allowance by loyalty tier ×
// room class is the running example.

const catalogue: { name: string; type: FactType }[] = [
  { name: "guest.tier", type: "string" },
  { name: "room.class", type: "string" },
  { name: "stay.nights", type: "number" },
  { name: "request.amount", type: "number" },
];
const now = new Date("2026-03-01T12:00:00Z");
const is = (fact: string, value: string | number): Condition => ({ fact, op: "eq", value });
const both = (tier: string, room: string): Condition => ({ all: [is("guest.tier", tier), is("room.class", room)] });

const allowance = (over: Partial<DecisionTable> = {}): TableFact => ({
  name: "allowance",
  description: "",
  table: {
    hit: "first",
    rows: [
      { when: both("gold", "suite"), value: 300 },
      { when: is("guest.tier", "gold"), value: 200 },
      { when: { fact: "guest.tier", op: "in", value: ["silver", "bronze"] }, value: 100 },
    ],
    otherwise: 0,
    ...over,
  },
});

const policy = (facts: Policy["facts"]): Policy => ({
  key: "refunds",
  name: "Refunds",
  version: 1,
  facts,
  rules: [{ id: "over-allowance", description: "", when: { expr: "request.amount > allowance" }, decision: "escalate", reason: "More than your allowance: a person looks at it." }],
  defaultDecision: { decision: "allow", reason: "Within your allowance." },
});
const decide = (facts: Policy["facts"], given: Facts) => evaluatePolicy(policy(facts), given, { now });

describe("decision tables: schema", () => {
  const message = (fact: unknown) => {
    const parsed = computedFactSchema.safeParse(fact);
    return parsed.success ? null : parsed.error.issues[0]?.message;
  };
  const table = (t: Record<string, unknown>) => ({ name: "allowance", table: t });
  const row = { when: is("guest.tier", "gold"), value: 1 };

  it("accepts a table, and an expression fact as before", () => {
    expect(computedFactSchema.parse(allowance())).toEqual(allowance());
    expect(computedFactSchema.parse({ name: "share", expr: "request.amount / 2.0" })).toEqual({ name: "share", expr: "request.amount / 2.0", description: "" });
  });

  it("names the fact and the row of each problem", () => {
    expect(message(table({ hit: "first", rows: [row, { when: is("guest.tier", "silver"), value: "one" }] }))).toBe(
      "allowance, row 2: its value is text, but the rows above give a number: every value of a table has the same type",
    );
    expect(message(table({ hit: "first", rows: [row], otherwise: true }))).toMatch(/^allowance: the otherwise value is yes\/no, but the rows above give a number/);
    expect(message(table({ hit: "first", rows: [] }))).toBe("allowance: A decision table needs at least one row");
    expect(message(table({ hit: "first", rows: Array.from({ length: 201 }, () => row) }))).toBe("allowance: A decision table has at most 200 rows");
    expect(message(table({ hit: "best", rows: [row] }))).toMatch(/^allowance: A table takes the first row that holds \(first\) or exactly one \(unique\)/);
    expect(message(table({ hit: "first", rows: [row, { ...row, value: [1] }] }))).toBe("allowance, row 2: A table's values are text, a number or yes/no");
    expect(message(table({ hit: "first", rows: [{ ...row, then: 2 }] }))).toBe('allowance, row 1: Unrecognized key: "then"');
    expect(message(table({ hit: "first", rows: [{ when: { expr: "guest.tier ==" }, value: 1 }] }))).toMatch(/^allowance, row 1: The expression ends too early/);
  });

  it("is one kind of fact or the other, strictly", () => {
    expect(message({ name: "allowance" })).toBe("allowance: a computed fact needs an expression (expr) or a decision table (table)");
    expect(message({ ...allowance(), expr: "1.0" })).toBe('allowance: Unrecognized key: "expr"');
  });
});

describe("decision tables: evaluation", () => {
  it("first match: the first row that holds gives the value, and the decision says which row", () => {
    const d = decide([allowance()], { "guest.tier": "gold", "room.class": "suite", "request.amount": 250 });
    expect(d).toMatchObject({ decision: "allow", computed: { allowance: 300 }, tableRows: { allowance: 1 } });
    expect(decide([allowance()], { "guest.tier": "gold", "room.class": "double", "request.amount": 250 })).toMatchObject({
      decision: "escalate",
      ruleId: "over-allowance",
      computed: { allowance: 200 },
      tableRows: { allowance: 2 },
    });
    expect(decide([allowance()], { "guest.tier": "bronze", "request.amount": 50 })).toMatchObject({ computed: { allowance: 100 }, tableRows: { allowance: 3 } });
  });

  it("no row holds: the otherwise value, or unknown without one (and a rule on it does not match)", () => {
    expect(decide([allowance()], { "guest.tier": "none", "request.amount": 10 })).toMatchObject({ decision: "escalate", computed: { allowance: 0 }, tableRows: { allowance: null } });
    const { otherwise: _, ...noOtherwise } = allowance().table;
    const unknown = decide([{ ...allowance(), table: noOtherwise }], { "guest.tier": "none", "request.amount": 10 });
    expect(unknown).toMatchObject({ decision: "allow", ruleId: "default", computed: { allowance: null }, tableRows: { allowance: null } });
  });

  it("exactly one: the only row that holds gives the value; two holding is a policy bug and fails closed, naming the rows", () => {
    const unique = allowance({ hit: "unique" });
    expect(decide([unique], { "guest.tier": "silver", "request.amount": 10 })).toMatchObject({ computed: { allowance: 100 }, tableRows: { allowance: 3 } });
    // Gold in a suite: rows 1 and 2 both hold. `first` takes row 1, `unique` refuses.
    const goldSuite = { "guest.tier": "gold", "room.class": "suite", "request.amount": 10 };
    expect(decide([allowance()], goldSuite)).toMatchObject({ computed: { allowance: 300 } });
    expect(() => decide([unique], goldSuite)).toThrow("Policy refunds computed fact allowance: rows 1 and 2 both hold, but the table takes exactly one");
  });

  it("a row may use a computed fact above it, and a later table the one above it", () => {
    const nightsBand: TableFact = {
      name: "long_stay",
      description: "",
      table: { hit: "first", rows: [{ when: { fact: "nights", op: "gte", value: 7 }, value: true }], otherwise: false },
    };
    const bonus: TableFact = { name: "allowance", description: "", table: { hit: "unique", rows: [{ when: { expr: "long_stay && guest.tier == 'gold'" }, value: 500 }], otherwise: 100 } };
    const facts: Policy["facts"] = [{ name: "nights", expr: "stay.nights", description: "" }, nightsBand, bonus];
    expect(computedFactTypes(facts, catalogue)).toEqual({
      types: [
        { name: "nights", type: "number" },
        { name: "long_stay", type: "boolean" },
        { name: "allowance", type: "number" },
      ],
      problem: null,
    });
    expect(decide(facts, { "stay.nights": 8, "guest.tier": "gold", "request.amount": 400 })).toMatchObject({
      decision: "allow",
      computed: { nights: 8, long_stay: true, allowance: 500 },
      tableRows: { long_stay: 1, allowance: 1 },
    });
    expect(decide(facts, { "stay.nights": 3, "guest.tier": "gold", "request.amount": 400 })).toMatchObject({ decision: "escalate", computed: { long_stay: false, allowance: 100 } });
  });

  it("leaves decisions of policies without tables as they were (no tableRows)", () => {
    const d = decide([{ name: "allowance", expr: "100.0", description: "" }], { "request.amount": 50 });
    expect(d).toEqual({ decision: "allow", conditions: [], reason: "Within your allowance.", ruleId: "default", policyKey: "refunds", policyVersion: 1, trace: expect.any(Array), computed: { allowance: 100 } });
  });
});

describe("decision tables: checked against the facts known at their place", () => {
  const problemOf = (facts: Policy["facts"] & object) => {
    const { problem } = computedFactTypes(facts, catalogue);
    return problem && computedFactProblemText(problem);
  };
  const withRow = (when: Condition, value: string | number = 50) => allowance({ rows: [...allowance().table.rows, { when, value }] });

  it("types the table by its values", () => {
    expect(computedFactTypes([allowance()], catalogue).types).toEqual([{ name: "allowance", type: "number" }]);
    const label = { ...allowance(), table: { hit: "first" as const, rows: [{ when: is("guest.tier", "gold"), value: "VIP" }] } };
    expect(computedFactTypes([label], catalogue).types).toEqual([{ name: "allowance", type: "string" }]);
  });

  it("names the fact and the row: an unknown fact, a wrong operator or value, an expression that does not type-check", () => {
    expect(problemOf([withRow(is("guest.level", "gold"))])).toBe("allowance, row 4: Unknown fact guest.level: pick one from the list of facts");
    expect(problemOf([withRow({ fact: "guest.tier", op: "gt", value: 3 })])).toBe("allowance, row 4: guest.tier is string: the operator gt does not apply to it");
    expect(problemOf([withRow(is("stay.nights", "seven"))])).toBe('allowance, row 4: stay.nights is compared with "seven", but needs a number');
    expect(problemOf([withRow({ expr: "stay.nights > 'x'" })])).toMatch(/^allowance, row 4: These types do not go together.*\(at column \d+ of “stay.nights > 'x'”\)$/);
    expect(problemOf([withRow({ all: [is("guest.tier", "gold"), { not: { expr: "guest.colour == 'red'" } }] })])).toMatch(/^allowance, row 4: No fact named colour/);
  });

  it("a row using a fact computed after the table says to move it", () => {
    const later = [withRow({ fact: "nights", op: "gt", value: 7 }), { name: "nights", expr: "stay.nights", description: "" }];
    expect(problemOf(later)).toBe("allowance, row 4: It uses nights, which is computed after allowance: move nights above it (a computed fact can only use the ones before it)");
    expect(problemOf(later.reverse())).toBeNull();
  });

  it("a name the agent already has, and mixed values in a draft, are problems too", () => {
    expect(problemOf([{ ...allowance(), name: "stay.nights" }])).toBe("stay.nights: stay.nights is already a fact: give the computed fact another name");
    expect(problemOf([withRow(is("guest.tier", "platinum"), "lots")])).toMatch(/^allowance, row 4: its value is text, but the rows above give a number/);
  });
});

describe("decision tables: overlapping rows of a unique table", () => {
  const typeOf = (fact: string) => catalogue.find((f) => f.name === fact)?.type;
  const rows = (...when: Condition[]) => ({ rows: when.map((w, i) => ({ when: w, value: i })) });

  it("are found where the conditions show it: the same condition, or eq/in on the same facts with a common value", () => {
    // Expressions cannot be compared, but the same condition (keys in any order) is the same.
    const longSuite: Condition = { all: [is("room.class", "suite"), { expr: "stay.nights > 7.0" }] };
    const sameReordered: Condition = { all: [{ value: "suite", op: "eq", fact: "room.class" }, { expr: "stay.nights > 7.0" }] };
    expect(overlappingRows(rows(is("room.class", "double"), longSuite, sameReordered), typeOf)).toEqual({ first: 1, second: 2, why: "their conditions are the same" });
    expect(overlappingRows(rows(both("gold", "suite"), { all: [{ fact: "guest.tier", op: "in", value: ["silver", "gold"] }, { fact: "room.class", op: "in", value: ["suite", "double"] }] }), typeOf)).toEqual({
      first: 0,
      second: 1,
      why: 'both hold when guest.tier is "gold" and room.class is "suite"',
    });
    // One row's facts among the other's: whenever the narrower one holds, the wider one does too.
    expect(overlappingRows(rows(both("gold", "suite"), is("guest.tier", "gold")), typeOf)).toMatchObject({ first: 0, second: 1 });
    expect(overlappingRows(rows(is("stay.nights", 3), { fact: "stay.nights", op: "in", value: [1, 2, 3] }), typeOf)).toMatchObject({ why: "both hold when stay.nights is 3" });
  });

  it("are not reported when the rows exclude each other or cannot be compared (expressions, any, not, other facts, ranges)", () => {
    expect(overlappingRows(rows(both("gold", "suite"), both("gold", "double"), both("silver", "suite")), typeOf)).toBeNull();
    expect(overlappingRows(rows(is("guest.tier", "gold"), is("room.class", "suite")), typeOf)).toBeNull();
    expect(overlappingRows(rows({ expr: "guest.tier == 'gold'" }, { expr: "guest.tier == 'gold' && true" }), typeOf)).toBeNull();
    expect(overlappingRows(rows({ fact: "stay.nights", op: "gt", value: 3 }, { fact: "stay.nights", op: "gt", value: 5 }), typeOf)).toBeNull();
  });

  it("are a problem of a unique table only, at the later row, naming both", () => {
    const overlapping = allowance({ rows: [...allowance().table.rows, { when: both("gold", "suite"), value: 999 }] });
    expect(computedFactTypes([overlapping], catalogue).problem).toBeNull(); // first match: row 1 wins, row 4 never does
    const { problem } = computedFactTypes([{ ...overlapping, table: { ...overlapping.table, hit: "unique" } }], catalogue);
    expect(problem).toMatchObject({ index: 0, name: "allowance", table: { row: 1, otherRow: 0 } });
    expect(computedFactProblemText(problem!)).toBe(
      'Rows 1 and 2 of allowance can both hold (both hold when guest.tier is "gold"): a table that takes exactly one row needs rows that exclude each other',
    );
  });
});

describe("decision tables: in words and in diffs", () => {
  it("reads as its rows, the otherwise and the hit policy", () => {
    expect(describeTable("allowance", allowance().table)).toBe(
      'allowance is 300 if guest tier is gold and room class is suite; 200 if guest tier is gold; 100 if guest tier is one of "silver", "bronze"; otherwise 0 (the first row that holds gives it)',
    );
    expect(describeTable("vip", { hit: "unique", rows: [{ when: { expr: "stay.nights >= 7" }, value: true }] })).toBe("vip is true if stay nights is at least 7; otherwise not known (exactly one row may hold)");
  });

  it("a table added, changed or removed is a fact change", () => {
    const before = policy([allowance()]);
    const changed = allowance({ rows: allowance().table.rows.map((r, i) => (i === 1 ? { ...r, value: 250 } : r)) });
    expect(diffPolicy(before, policy([changed]))).toEqual([{ kind: "fact", name: "allowance", before: describeTable("allowance", allowance().table), after: expect.stringContaining("250 if guest tier is gold;") }]);
    expect(diffPolicy(before, policy([allowance({ hit: "unique" })]))).toEqual([{ kind: "fact", name: "allowance", before: expect.stringContaining("(the first row"), after: expect.stringContaining("(exactly one row") }]);
    expect(diffPolicy(policy([]), before)).toEqual([{ kind: "fact", name: "allowance", before: null, after: describeTable("allowance", allowance().table) }]);
    expect(diffPolicy(before, policy([]))).toEqual([{ kind: "fact", name: "allowance", before: describeTable("allowance", allowance().table), after: null }]);
    expect(diffPolicy(before, policy([allowance()]))).toEqual([]);
  });
});
