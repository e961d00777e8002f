import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { ComputedFact, Condition, DecisionTable, Rule } from "@/lib/schemas/policy";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";

// Decision tables saved through the policy procedures against a brand's own write tool (a hotel's
// goodwill credit): every problem is refused with the fact and the row named, and nothing is saved.

let db: Db;
let studio: Awaited<ReturnType<typeof makeWorkspace>>["caller"];
let scope: { workspace: string; agent: string };
const KEY = "credits";

beforeAll(async () => {
  db = (await testDatabase()).db;
  const { workspace, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Front desk" });
  scope = { workspace: workspace.slug, agent: agent.slug };
  studio = caller;
  await caller.policies.create({ ...scope, key: KEY, name: "Goodwill credits" });
  await caller.tools.save({
    ...scope,
    tool: {
      name: "grant_credit",
      description: "Credit a guest's folio",
      method: "POST",
      url: "https://hotel.example.test/credits",
      args: {
        type: "object",
        properties: { amount: { type: "number" }, loyaltyTier: { type: "string" }, roomClass: { type: "string" }, nights: { type: "number" } },
      },
      kind: "write",
      policyKey: KEY,
    },
  });
});

type Row = DecisionTable["rows"][number];
const row = (tier: string, room: string, value: number | string): Row => ({
  when: { all: [{ fact: "request.loyalty_tier", op: "eq", value: tier }, { fact: "request.room_class", op: "eq", value: room }] },
  value,
});
const only = (when: Condition, value: number): Row => ({ when: { all: [when] }, value });
const allowance = (rows: Row[], hit: "first" | "unique" = "unique"): ComputedFact => ({ name: "allowance", description: "", table: { hit, rows, otherwise: 0 } });
const overAllowance: Rule = { id: "over-allowance", description: "", when: { expr: "request.amount > allowance" }, decision: "escalate", reason: "A manager approves credits over your allowance." };
const save = (facts: ComputedFact[]) =>
  studio.policies.save({ ...scope, key: KEY, name: "Goodwill credits", facts, rules: [overAllowance], defaultDecision: { decision: "allow", reason: "Credited." } });
const stored = async () => (await studio.policies.get({ ...scope, key: KEY })).definition;

describe("saving a decision table", () => {
  it("refuses a row using an unknown fact, a later fact, mixed value types or rows that overlap in a unique table, saving nothing", async () => {
    const before = await stored();
    const refused = (facts: ComputedFact[], message: string | RegExp) => expect(save(facts)).rejects.toMatchObject({ code: "BAD_REQUEST", message });

    await refused(
      [allowance([row("gold", "suite", 300), only({ fact: "request.tier", op: "eq", value: "gold" }, 200)])],
      "allowance, row 2: Unknown fact request.tier: pick one from the list of facts",
    );
    await refused(
      [allowance([row("gold", "suite", 300), only({ fact: "long_stay", op: "eq", value: true }, 50)]), { name: "long_stay", expr: "request.nights >= 7.0", description: "" }],
      "allowance, row 2: It uses long_stay, which is computed after allowance: move long_stay above it (a computed fact can only use the ones before it)",
    );
    await refused([allowance([row("gold", "suite", 300), row("gold", "double", "two hundred")])], /^allowance, row 2: its value is text, but the rows above give a number/);
    await refused(
      [
        allowance([
          row("gold", "suite", 300),
          row("silver", "suite", 150),
          row("bronze", "suite", 100),
          row("silver", "double", 90),
          { when: { all: [{ fact: "request.room_class", op: "eq", value: "suite" }, { fact: "request.loyalty_tier", op: "in", value: ["platinum", "gold"] }] }, value: 250 },
        ]),
      ],
      'Rows 1 and 5 of allowance can both hold (both hold when request.loyalty_tier is "gold" and request.room_class is "suite"): a table that takes exactly one row needs rows that exclude each other',
    );
    expect(await stored()).toEqual(before);
  });

  it("saves a valid table; the rule uses its value and the bench shows the row that fired", async () => {
    const table = allowance([row("gold", "suite", 300), row("gold", "double", 200), row("silver", "suite", 150)]);
    const saved = await save([table]);
    const policy = await studio.policies.get({ ...scope, key: KEY });
    expect(policy.revision).toBe(saved.revision);
    expect(policy.definition.facts).toEqual([table]);

    const draft = { key: KEY, name: policy.name, facts: policy.definition.facts, rules: policy.definition.rules, defaultDecision: policy.definition.defaultDecision };
    const goldDouble = { "request.loyalty_tier": "gold", "request.room_class": "double", "request.amount": 250 };
    expect(await studio.policies.evaluate({ ...scope, policy: draft, facts: goldDouble })).toMatchObject({
      decision: "escalate",
      ruleId: "over-allowance",
      computed: { allowance: 200 },
      tableRows: { allowance: 2 },
    });
    expect(await studio.policies.evaluate({ ...scope, policy: draft, facts: { ...goldDouble, "request.amount": 150 } })).toMatchObject({ decision: "allow", computed: { allowance: 200 } });
    // No row holds: the otherwise value (0), so any credit goes to a manager.
    expect(await studio.policies.evaluate({ ...scope, policy: draft, facts: { ...goldDouble, "request.room_class": "single", "request.amount": 5 } })).toMatchObject({
      decision: "escalate",
      computed: { allowance: 0 },
      tableRows: { allowance: null },
    });
    // The table's name is the policy's own fact, not a custom fact of the agent.
    expect((await studio.policies.facts(scope)).map((f) => f.name)).not.toContain("allowance");
  });
});
