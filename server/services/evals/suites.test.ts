import { and, count, eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLogs, evalCases, evalRuns, evalSuites } from "@/db/schema";
import { seedRetailAgent } from "@/db/seed/retail-agent";
import { caseDefinitionSchema } from "@/lib/schemas/evals";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace, uniq } from "@/test/factories";

const { db } = await testDatabase();

/** A workspace with the demo retail agent's draft (its tools, journeys and policies) on a store of its own. */
async function evalFixture() {
  const { workspace, owner, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Retail support" });
  await seedRetailAgent(db, { workspaceId: workspace.id, agentId: agent.id, storeId: `t-${uniq()}` });
  return { workspace, owner, caller, agent, ws: workspace.slug, e: caller.evals };
}

/** A customer who asks to cancel, and what should happen: the cancel journey, the tool, the gate asking first. */
const cancelCase = {
  customer: { kind: "script", turns: ["Please cancel order #W2378156, I ordered it by mistake"] },
  tools: "sandbox",
  expectations: [
    { kind: "journey", journey: "Cancel a pending order" },
    { kind: "tool_called", tool: "get_order_details", args: { order_id: "#W2378156" } },
    { kind: "decision", tool: "cancel_pending_order", decision: "require_confirmation", rule: "confirm-first" },
  ],
};

const mockedCase = {
  customer: { kind: "script", turns: ["Where is my order #W1?"] },
  tools: "mock",
  mocks: [{ tool: "get_order_details", args: { order_id: "#W1" }, response: { order_id: "#W1", status: "delivered" } }],
  expectations: [{ kind: "reply_contains", text: "delivered" }, { kind: "writes", count: 0 }],
};

describe("suites and cases", () => {
  test("are created, listed with their counts and last run, edited and deleted; every change is audited", async () => {
    const f = await evalFixture();
    const suite = await f.e.createSuite({ workspace: f.ws, agentId: f.agent.id, name: "Cancellations", description: "Orders people cancel", gating: true });
    expect(suite).toMatchObject({ name: "Cancellations", gating: true, agentId: f.agent.id });
    const first = await f.e.createCase({ workspace: f.ws, suiteId: suite.id, name: "Cancel by mistake", definition: cancelCase });
    const second = await f.e.createCase({ workspace: f.ws, suiteId: suite.id, name: "Where is it", knownFailure: "Mocks do not answer yet", definition: mockedCase });
    expect([first.position, second.position]).toEqual([0, 1]);
    // Defaults are filled in when saved.
    expect(first.definition).toMatchObject({ fixtures: {}, mocks: [], tools: "sandbox" });

    expect(await f.e.listSuites({ workspace: f.ws, agentId: f.agent.id })).toEqual([
      { id: suite.id, name: "Cancellations", description: "Orders people cancel", gating: true, caseCount: 2, knownFailures: 1, lastRun: null },
    ]);
    const runAt = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
    const [, latest] = await db
      .insert(evalRuns)
      .values([
        { workspaceId: f.workspace.id, agentId: f.agent.id, suiteId: suite.id, target: "draft", trigger: "studio", status: "failed", total: 2, passed: 0, failed: 2, createdAt: runAt(1) },
        { workspaceId: f.workspace.id, agentId: f.agent.id, suiteId: suite.id, target: "draft", trigger: "cli", status: "passed", total: 2, passed: 1, knownFailures: 1, createdAt: runAt(2), finishedAt: runAt(3) },
      ])
      .returning({ id: evalRuns.id });
    const [listed] = await f.e.listSuites({ workspace: f.ws, agentId: f.agent.id });
    expect(listed!.lastRun).toEqual({ id: latest!.id, status: "passed", passed: 1, failed: 0, knownFailures: 1, total: 2, finishedAt: runAt(3), createdAt: runAt(2) });

    await f.e.updateSuite({ workspace: f.ws, suiteId: suite.id, name: "Cancelling orders" });
    await f.e.updateCase({ workspace: f.ws, caseId: second.id, knownFailure: null, definition: { ...mockedCase, expectations: [{ kind: "writes", count: 0 }] } });
    const got = await f.e.getSuite({ workspace: f.ws, suiteId: suite.id });
    // Only what the update names changes.
    expect(got).toMatchObject({ name: "Cancelling orders", description: "Orders people cancel", gating: true });
    expect(got.cases.map((c) => [c.name, c.knownFailure, c.definition.expectations.length])).toEqual([
      ["Cancel by mistake", null, 3],
      ["Where is it", null, 1],
    ]);

    await f.e.deleteCase({ workspace: f.ws, caseId: first.id });
    expect((await f.e.getSuite({ workspace: f.ws, suiteId: suite.id })).cases.map((c) => c.id)).toEqual([second.id]);
    await f.e.deleteSuite({ workspace: f.ws, suiteId: suite.id });
    expect(await f.e.listSuites({ workspace: f.ws, agentId: f.agent.id })).toEqual([]);
    const [left] = await db.select({ n: count() }).from(evalCases).where(eq(evalCases.suiteId, suite.id));
    expect(left!.n).toBe(0);

    const audit = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.workspaceId, f.workspace.id), inArray(auditLogs.targetType, ["eval_suite", "eval_case"])))
      .orderBy(auditLogs.createdAt);
    expect(audit.map((a) => a.action)).toEqual(["eval_suite.create", "eval_case.create", "eval_case.create", "eval_suite.update", "eval_case.update", "eval_case.delete", "eval_suite.delete"]);
    expect(audit.every((a) => a.actorId === f.owner.id)).toBe(true);
    const byAction = Object.fromEntries(audit.map((a) => [a.action, a]));
    expect(byAction["eval_suite.update"]).toMatchObject({ before: { name: "Cancellations" }, after: { name: "Cancelling orders", gating: true } });
    expect(byAction["eval_case.update"]).toMatchObject({ targetId: second.id, before: { knownFailure: "Mocks do not answer yet" }, after: { knownFailure: null } });
    expect(byAction["eval_suite.delete"]).toMatchObject({ before: { name: "Cancelling orders", cases: 1 }, after: null });
  });

  test("a suite's name is unique per agent whatever its case", async () => {
    const f = await evalFixture();
    const smoke = await f.e.createSuite({ workspace: f.ws, agentId: f.agent.id, name: "Smoke" });
    const other = await f.e.createSuite({ workspace: f.ws, agentId: f.agent.id, name: "Refunds" });
    const taken = { code: "CONFLICT", message: 'This agent already has a suite called "SMOKE": pick another name' };
    await expect(f.e.createSuite({ workspace: f.ws, agentId: f.agent.id, name: "SMOKE" })).rejects.toMatchObject(taken);
    await expect(f.e.updateSuite({ workspace: f.ws, suiteId: other.id, name: "SMOKE" })).rejects.toMatchObject(taken);
    // Its own name in another case is a rename; another agent may have a suite of that name.
    expect(await f.e.updateSuite({ workspace: f.ws, suiteId: smoke.id, name: "smoke" })).toMatchObject({ name: "smoke" });
    const second = await f.caller.agents.create({ workspace: f.ws, name: "Second" });
    await expect(f.e.createSuite({ workspace: f.ws, agentId: second.id, name: "Smoke" })).resolves.toMatchObject({ name: "Smoke" });
  });

  test("another workspace's agents, suites and cases are NOT_FOUND, and stay as they were", async () => {
    const a = await evalFixture();
    const b = await evalFixture();
    const bSuite = await b.e.createSuite({ workspace: b.ws, agentId: b.agent.id, name: "B's suite" });
    const bCase = await b.e.createCase({ workspace: b.ws, suiteId: bSuite.id, name: "B's case", definition: mockedCase });
    const attempts = {
      listSuites: () => a.e.listSuites({ workspace: a.ws, agentId: b.agent.id }),
      getSuite: () => a.e.getSuite({ workspace: a.ws, suiteId: bSuite.id }),
      createSuite: () => a.e.createSuite({ workspace: a.ws, agentId: b.agent.id, name: "Sneaky" }),
      updateSuite: () => a.e.updateSuite({ workspace: a.ws, suiteId: bSuite.id, name: "pwned" }),
      deleteSuite: () => a.e.deleteSuite({ workspace: a.ws, suiteId: bSuite.id }),
      createCase: () => a.e.createCase({ workspace: a.ws, suiteId: bSuite.id, name: "Sneaky", definition: mockedCase }),
      updateCase: () => a.e.updateCase({ workspace: a.ws, caseId: bCase.id, name: "pwned" }),
      deleteCase: () => a.e.deleteCase({ workspace: a.ws, caseId: bCase.id }),
      exportSuite: () => a.e.exportSuite({ workspace: a.ws, suiteId: bSuite.id }),
      importSuite: () => a.e.importSuite({ workspace: a.ws, agentId: b.agent.id, content: "switchback: eval-suite\nversion: 1\nsuite: { name: X, cases: [] }" }),
      // B's workspace by its slug: A is not a member.
      "listSuites in B": () => a.e.listSuites({ workspace: b.ws, agentId: b.agent.id }),
    };
    for (const [name, attempt] of Object.entries(attempts)) await expect(attempt(), name).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await b.e.getSuite({ workspace: b.ws, suiteId: bSuite.id })).toMatchObject({ name: "B's suite", cases: [{ id: bCase.id, name: "B's case" }] });
    const [suites] = await db.select({ n: count() }).from(evalSuites).where(eq(evalSuites.workspaceId, a.workspace.id));
    expect(suites!.n).toBe(0);
  });

  test("everyone who reads agents reads suites; owners, admins and builders write them, reviewers and viewers do not", async () => {
    const f = await evalFixture();
    const suite = await f.e.createSuite({ workspace: f.ws, agentId: f.agent.id, name: "Smoke" });
    const reviewer = (await addMember(db, f.workspace.id, "reviewer")).caller.evals;
    const viewer = (await addMember(db, f.workspace.id, "viewer")).caller.evals;
    const builder = (await addMember(db, f.workspace.id, "builder")).caller.evals;

    for (const reader of [reviewer, viewer]) {
      expect(await reader.listSuites({ workspace: f.ws, agentId: f.agent.id })).toHaveLength(1);
      expect(await reader.exportSuite({ workspace: f.ws, suiteId: suite.id })).toMatchObject({ filename: "smoke.eval.yaml" });
      await expect(reader.createSuite({ workspace: f.ws, agentId: f.agent.id, name: "Mine" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining('it needs "evals:write"') });
      await expect(reader.createCase({ workspace: f.ws, suiteId: suite.id, name: "Mine", definition: mockedCase })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(reader.deleteSuite({ workspace: f.ws, suiteId: suite.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const made = await builder.createCase({ workspace: f.ws, suiteId: suite.id, name: "Builder's case", definition: mockedCase });
    await builder.updateSuite({ workspace: f.ws, suiteId: suite.id, gating: true });
    await builder.deleteCase({ workspace: f.ws, caseId: made.id });
    expect(await f.e.listSuites({ workspace: f.ws, agentId: f.agent.id })).toMatchObject([{ gating: true, caseCount: 0 }]);
  });
});

describe("a case is checked against the agent's draft", () => {
  const withExpectations = (...expectations: unknown[]) => ({ ...cancelCase, expectations });

  test.each([
    ["a tool the agent lacks", withExpectations({ kind: "tool_called", tool: "refund_order" }), /^expectations\[0\]\.tool: the agent has no tool "refund_order" \(its tools: "calculate", "cancel_pending_order", .*\)$/],
    ["a tool not called that it lacks", withExpectations({ kind: "reply_contains", text: "ok" }, { kind: "tool_not_called", tool: "delete_account" }), /^expectations\[1\]\.tool: the agent has no tool "delete_account"/],
    ["a mock of an unknown tool", { ...mockedCase, mocks: [mockedCase.mocks[0], { tool: "get_order", response: {} }] }, /^mocks\[1\]\.tool: the agent has no tool "get_order"/],
    ["a journey it does not have", withExpectations({ kind: "journey", journey: "Refund an order" }), /^expectations\[0\]\.journey: the agent has no enabled journey "Refund an order" \(its journeys: "Verify identity", .*"Talk to a person"\)$/],
    ["a decision on a read", withExpectations({ kind: "decision", tool: "get_order_details", decision: "allow" }), /^expectations\[0\]\.tool: "get_order_details" is a read, and the gate decides only on writes \(the agent's writes: "cancel_pending_order", /],
    ["a rule its policy does not have", withExpectations({ kind: "decision", tool: "cancel_pending_order", decision: "deny", rule: "order-delivered" }), /^expectations\[0\]\.rule: policy "cancel_pending_order" of "cancel_pending_order" has no rule "order-delivered" \(its rules: "require-authentication", /],
    ["an unknown kind of expectation", withExpectations({ kind: "sentiment" }), /^expectations\[0\]\.kind: An expectation has a kind: journey, tool_called/],
    ["a definition that is not an object", "just say hi", /^definition: a case is an object of customer/],
  ])("%s is refused with where and why, and nothing is stored", async (_name, definition, message) => {
    const f = await evalFixture();
    const suite = await f.e.createSuite({ workspace: f.ws, agentId: f.agent.id, name: "Checks" });
    await expect(f.e.createCase({ workspace: f.ws, suiteId: suite.id, name: "Bad", definition })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
    const good = await f.e.createCase({ workspace: f.ws, suiteId: suite.id, name: "Good", definition: cancelCase });
    await expect(f.e.updateCase({ workspace: f.ws, caseId: good.id, definition })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
    expect((await f.e.getSuite({ workspace: f.ws, suiteId: suite.id })).cases.map((c) => [c.id, c.definition])).toEqual([[good.id, caseDefinitionSchema.parse(cancelCase)]]);
  });

  test("the gate's own rules (default, no-policy, …) are expected on any write", async () => {
    const f = await evalFixture();
    const suite = await f.e.createSuite({ workspace: f.ws, agentId: f.agent.id, name: "Gate" });
    const definition = withExpectations({ kind: "decision", tool: "cancel_pending_order", decision: "deny", rule: "default" });
    await expect(f.e.createCase({ workspace: f.ws, suiteId: suite.id, name: "Default", definition })).resolves.toMatchObject({ name: "Default" });
  });

  test("a sandbox needs the demo store: an agent without one uses mocks", async () => {
    const f = await evalFixture();
    const plain = await f.caller.agents.create({ workspace: f.ws, name: "No store" });
    const suite = await f.e.createSuite({ workspace: f.ws, agentId: plain.id, name: "Plain" });
    const definition = { customer: { kind: "script", turns: ["Hello"] }, expectations: [{ kind: "reply_contains", text: "hi" }] };
    await expect(f.e.createCase({ workspace: f.ws, suiteId: suite.id, name: "Sandboxed", definition })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "tools: sandbox needs the demo store and this agent has none; use mocks (tools: mock) for its tools",
    });
    await expect(f.e.createCase({ workspace: f.ws, suiteId: suite.id, name: "Mocked", definition: { ...definition, tools: "mock" } })).resolves.toMatchObject({ position: 0 });
  });
});
