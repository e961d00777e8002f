import { and, count, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { auditLogs, evalCases, evalSuites } from "@/db/schema";
import { seedRetailAgent } from "@/db/seed/retail-agent";
import { testDatabase } from "@/test/db";
import { makeWorkspace, uniq } from "@/test/factories";
import { MAX_SUITE_FILE_BYTES, parseSuiteFile } from "./suite-file";

const { db } = await testDatabase();

async function retailAgent(f: Awaited<ReturnType<typeof makeWorkspace>>, name: string) {
  const agent = await f.caller.agents.create({ workspace: f.workspace.slug, name });
  await seedRetailAgent(db, { workspaceId: f.workspace.id, agentId: agent.id, storeId: `t-${uniq()}` });
  return agent;
}

async function evalFixture() {
  const f = await makeWorkspace(db);
  return { ...f, ws: f.workspace.slug, e: f.caller.evals, agent: await retailAgent(f, "Retail support") };
}

const scripted = (turn: string) => ({ kind: "script", turns: [turn] });
const cases = [
  {
    name: "Cancel by mistake",
    description: "The customer ordered twice",
    definition: {
      customer: scripted("Cancel #W2378156, I ordered it by mistake"),
      fixtures: { verifiedUserId: "noah_brown_6181" },
      expectations: [
        { kind: "journey", journey: "Cancel a pending order" },
        { kind: "decision", tool: "cancel_pending_order", decision: "require_confirmation", rule: "confirm-first" },
        { kind: "end_state", changes: [{ path: "/orders/#W2378156/status", value: "pending" }] },
      ],
    },
  },
  {
    name: "Order status, mocked",
    knownFailure: "The reply does not say the date yet",
    definition: {
      customer: scripted("Where is #W1?"),
      tools: "mock",
      mocks: [{ tool: "get_order_details", args: { order_id: "#W1" }, response: { order_id: "#W1", status: "delivered", items: [{ name: "Lamp" }] } }],
      expectations: [
        { kind: "tool_called", tool: "get_order_details", args: { order_id: "#W1" }, match: "exact" },
        { kind: "reply_matches", pattern: "deliver(ed)?" },
      ],
    },
  },
  {
    name: "Asks for a person",
    definition: { customer: { kind: "simulated", persona: "In a hurry", goal: "Talk to a person", opening: "I want a human" }, expectations: [{ kind: "escalated", value: true }] },
  },
];
const suiteFile = (suite: Record<string, unknown>) => toYaml({ switchback: "eval-suite", version: 1, suite: { name: "Retail basics", gating: true, cases, ...suite } });

describe("parseSuiteFile", () => {
  test("reads YAML and JSON, and fills in the defaults", () => {
    const fromYaml = parseSuiteFile(suiteFile({}));
    expect(fromYaml.suite).toMatchObject({ name: "Retail basics", description: "", gating: true });
    expect(fromYaml.suite.cases[0]).toMatchObject({ knownFailure: null, definition: { tools: "sandbox", mocks: [] } });
    expect(parseSuiteFile(JSON.stringify(parseYaml(suiteFile({})), null, 2))).toEqual(fromYaml);
  });

  test.each([
    ["YAML", "switchback: eval-suite\nversion: 1\nsuite:\n  name: Broken\n  cases: [\n    { name: x\n", /^The file is not valid YAML \(line \d+, column \d+\): /],
    ["YAML with a bad indent", "switchback: eval-suite\nversion: 1\nsuite:\n  name: Broken\n    cases: []\n", /^The file is not valid YAML \(line 4, column 9\): Nested mappings are not allowed in compact mappings/],
    // Leading blank lines count: the line is the one an editor shows.
    ["YAML after blank lines", "\n\nswitchback: eval-suite\nversion: 1\nsuite:\n  name: Broken\n    cases: []\n", /^The file is not valid YAML \(line 6, column 9\): /],
    // V8 says where for this one ("at position 49"): the unexpected "suite"…
    ["JSON with a missing comma", '{\n  "switchback": "eval-suite",\n  "version": 1\n  "suite": {}\n}', /^The file is not valid JSON \(line 4, column 3\): Expected ',' or '}' after property value$/],
    // …not for this one: the place comes from the YAML reader.
    ["JSON with a missing value", '{\n  "switchback": "eval-suite",\n  "version": }', /^The file is not valid JSON \(line 3, column 14\): Unexpected token '}'$/],
  ])("a syntax error in %s says the line and column", (_name, content, message) => {
    expect(() => parseSuiteFile(content)).toThrow(message);
  });

  test("a schema error names its place in the file", () => {
    const bad = structuredClone(cases);
    (bad[1]!.definition.expectations as unknown[])[1] = { kind: "sentiment" };
    expect(() => parseSuiteFile(suiteFile({ cases: bad }))).toThrow(/^suite\.cases\[1\]\.definition\.expectations\[1\]\.kind: An expectation has a kind: journey, /);
    expect(() => parseSuiteFile(suiteFile({ name: "" }))).toThrow("suite.name: The suite name cannot be empty");
    expect(() => parseSuiteFile(suiteFile({ cases: [{ ...cases[0], definition: { ...cases[0]!.definition, tools: "mock" } }] }))).toThrow(
      "suite.cases[0].definition.expectations[2]: An end state is checked in a sandbox store: set tools to sandbox",
    );
  });

  test("refuses what is not a suite file, a newer version, unsafe text and a file too big", () => {
    expect(() => parseSuiteFile("switchback: agent\nversion: 1\n")).toThrow('This is not a Switchback suite file: it needs "switchback: eval-suite" at the top');
    expect(() => parseSuiteFile("switchback: eval-suite\nversion: 2\n")).toThrow("version 2 is newer than this app reads (1)");
    expect(() => parseSuiteFile(suiteFile({ name: "Nul\u0000" }))).toThrow("Remove the NUL character (\\u0000) in suite.name: text cannot contain it");
    expect(() => parseSuiteFile(`# ${"x".repeat(MAX_SUITE_FILE_BYTES)}\n`)).toThrow("The file is larger than 5 MB, the most a suite file may be: split it into several suites");
  });
});

describe("export and import", () => {
  test("export → import into another agent gives the same cases, and exports the same file again", async () => {
    const f = await evalFixture();
    const imported = await f.e.importSuite({ workspace: f.ws, agentId: f.agent.id, content: suiteFile({ description: "What every release must do" }) });
    expect(imported).toMatchObject({ name: "Retail basics", cases: 3, replaced: false });
    const exported = await f.e.exportSuite({ workspace: f.ws, suiteId: imported.suiteId });
    expect(exported.filename).toBe("retail-basics.eval.yaml");
    // Stable: the schema's key order, empty defaults left out.
    expect(exported.content.split("\n").slice(0, 7)).toEqual([
      "switchback: eval-suite",
      "version: 1",
      "suite:",
      "  name: Retail basics",
      "  description: What every release must do",
      "  gating: true",
      "  cases:",
    ]);
    expect(exported.content).not.toMatch(/mocks: \[\]|knownFailure: null|fixtures: \{\}/);

    const other = await makeWorkspace(db);
    const copyAgent = await retailAgent(other, "Copy");
    const copy = await other.caller.evals.importSuite({ workspace: other.workspace.slug, agentId: copyAgent.id, content: exported.content });
    const [original, copied] = [await f.e.getSuite({ workspace: f.ws, suiteId: imported.suiteId }), await other.caller.evals.getSuite({ workspace: other.workspace.slug, suiteId: copy.suiteId })];
    const portable = (s: typeof original) => ({ ...s, id: undefined, agentId: undefined, createdAt: undefined, updatedAt: undefined, cases: s.cases.map((c) => ({ ...c, id: undefined })) });
    expect(portable(copied)).toEqual(portable(original));
    expect((await other.caller.evals.exportSuite({ workspace: other.workspace.slug, suiteId: copy.suiteId })).content).toBe(exported.content);
  });

  test("is all or nothing: a bad third case leaves no suite", async () => {
    const f = await evalFixture();
    const bad = [...cases.slice(0, 2), { name: "Refund", definition: { customer: scripted("Refund me"), expectations: [{ kind: "tool_called", tool: "refund_order" }] } }];
    await expect(f.e.importSuite({ workspace: f.ws, agentId: f.agent.id, content: suiteFile({ cases: bad }) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^suite\.cases\[2\]\.definition\.expectations\[0\]\.tool: the agent has no tool "refund_order" \(its tools: /),
    });
    const [suites] = await db.select({ n: count() }).from(evalSuites).where(eq(evalSuites.workspaceId, f.workspace.id));
    const [rows] = await db.select({ n: count() }).from(evalCases).where(eq(evalCases.workspaceId, f.workspace.id));
    expect([suites!.n, rows!.n]).toEqual([0, 0]);
  });

  test("a suite of the same name is a conflict, unless replaced: then its cases are the file's, in one audited change", async () => {
    const f = await evalFixture();
    const first = await f.e.importSuite({ workspace: f.ws, agentId: f.agent.id, content: suiteFile({}) });
    const smaller = suiteFile({ name: "RETAIL BASICS", gating: false, cases: cases.slice(2) });
    await expect(f.e.importSuite({ workspace: f.ws, agentId: f.agent.id, content: smaller })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'This agent already has a suite called "RETAIL BASICS": import with replace (--replace in the CLI) to overwrite its cases, or rename the suite in the file',
    });
    expect((await f.e.getSuite({ workspace: f.ws, suiteId: first.suiteId })).cases).toHaveLength(3);

    expect(await f.e.importSuite({ workspace: f.ws, agentId: f.agent.id, content: smaller, replace: true })).toEqual({ suiteId: first.suiteId, name: "RETAIL BASICS", cases: 1, replaced: true });
    expect(await f.e.getSuite({ workspace: f.ws, suiteId: first.suiteId })).toMatchObject({ name: "RETAIL BASICS", gating: false, cases: [{ name: "Asks for a person", position: 0 }] });
    const audit = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.workspaceId, f.workspace.id), eq(auditLogs.action, "eval_suite.import")))
      .orderBy(auditLogs.createdAt);
    expect(audit.map((a) => [a.targetId, a.before, a.after])).toEqual([
      [first.suiteId, null, { agentId: f.agent.id, name: "Retail basics", description: "", gating: true, cases: 3 }],
      [first.suiteId, { agentId: f.agent.id, name: "Retail basics", description: "", gating: true, cases: 3 }, { agentId: f.agent.id, name: "RETAIL BASICS", description: "", gating: false, cases: 1 }],
    ]);
  });
});
