import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, conversations, evalCases, evalSuites, messages } from "@/db/schema";
import { addMember, makeWorkspace } from "@/test/factories";
import { testDatabase } from "@/test/db";

const { db } = await testDatabase();

const definition = { customer: { kind: "script", turns: ["Where is my order?"] }, tools: "mock", expectations: [{ kind: "reply_contains", text: "tracking" }] };

/** A workspace with an agent, one conversation with a customer message, a gating and a plain suite, and a reviewer. */
async function setup() {
  const { workspace, caller: owner } = await makeWorkspace(db);
  const agent = await owner.agents.create({ workspace: workspace.slug, name: "Agent" });
  const [conversation] = await db.insert(conversations).values({ workspaceId: workspace.id, agentId: agent.id, channel: "playground" }).returning({ id: conversations.id });
  await db.insert(messages).values({ workspaceId: workspace.id, conversationId: conversation!.id, turn: 1, role: "customer", text: "Where is my order?" });
  const gating = await owner.evals.createSuite({ workspace: workspace.slug, agentId: agent.id, name: "Gate", gating: true });
  const plain = await owner.evals.createSuite({ workspace: workspace.slug, agentId: agent.id, name: "Regressions" });
  const reviewer = await addMember(db, workspace.id, "reviewer");
  const base = { workspace: workspace.slug, conversationId: conversation!.id, name: "Answers with tracking", definition };
  const casesIn = async (suiteId: string) => db.select().from(evalCases).where(eq(evalCases.suiteId, suiteId));
  const suites = async () => db.select().from(evalSuites).where(eq(evalSuites.workspaceId, workspace.id));
  return { workspace, agent, owner, reviewer: reviewer.caller, reviewerId: reviewer.user.id, gating, plain, base, casesIn, suites, conversationId: conversation!.id };
}

describe("a reviewer makes a conversation a test", () => {
  it("proposes the case and saves it into a plain suite, audited with its conversation", async () => {
    const s = await setup();
    const proposal = await s.reviewer.evals.caseFromConversation({ workspace: s.workspace.slug, conversationId: s.conversationId });
    expect(proposal.definition.customer).toEqual({ kind: "script", turns: ["Where is my order?"] });
    const saved = await s.reviewer.evals.saveCaseFromConversation({ ...s.base, suiteId: s.plain.id });
    expect(saved).toMatchObject({ suiteId: s.plain.id, suiteName: "Regressions" });
    const cases = await s.casesIn(s.plain.id);
    expect(cases.map((c) => [c.name, c.knownFailure])).toEqual([["Answers with tracking", null]]);
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, s.workspace.id), eq(auditLogs.action, "eval_case.create")));
    expect(audit).toMatchObject({ actorId: s.reviewerId, targetId: cases[0]!.id, after: expect.objectContaining({ fromConversation: s.conversationId }) });
  });

  it("makes a new suite with its case in one go, never gating", async () => {
    const s = await setup();
    const saved = await s.reviewer.evals.saveCaseFromConversation({ ...s.base, newSuiteName: "From the queue" });
    const [suite] = (await s.suites()).filter((x) => x.name === "From the queue");
    expect(suite).toMatchObject({ id: saved.suiteId, gating: false, agentId: s.agent.id });
    expect(await s.casesIn(suite!.id)).toHaveLength(1);
  });

  it("may not add to a gating suite, mark a known failure, or touch suites and runs; nothing is written", async () => {
    const s = await setup();
    await expect(s.reviewer.evals.saveCaseFromConversation({ ...s.base, suiteId: s.gating.id })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining('"Gate" gates publishing') });
    await expect(s.reviewer.evals.saveCaseFromConversation({ ...s.base, suiteId: s.plain.id, knownFailure: "flaky" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("known failure") });
    await expect(s.reviewer.evals.createCase({ workspace: s.workspace.slug, suiteId: s.plain.id, name: "x", definition })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(s.reviewer.evals.updateSuite({ workspace: s.workspace.slug, suiteId: s.plain.id, gating: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(s.reviewer.evals.startRun({ workspace: s.workspace.slug, agentId: s.agent.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await s.casesIn(s.gating.id)).toHaveLength(0);
    expect(await s.casesIn(s.plain.id)).toHaveLength(0);
    // A builder may put it in the gating suite.
    const builder = await addMember(db, s.workspace.id, "builder");
    await builder.caller.evals.saveCaseFromConversation({ ...s.base, suiteId: s.gating.id, knownFailure: "Fixed in the next release" });
    expect((await s.casesIn(s.gating.id)).map((c) => c.knownFailure)).toEqual(["Fixed in the next release"]);
  });

  it("bad input is a clear error and leaves no empty suite behind", async () => {
    const s = await setup();
    const before = (await s.suites()).length;
    await expect(
      s.reviewer.evals.saveCaseFromConversation({ ...s.base, newSuiteName: "Half", definition: { ...definition, expectations: [{ kind: "tool_called", tool: "no_such_tool" }] } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("no_such_tool") });
    await expect(s.reviewer.evals.saveCaseFromConversation({ ...s.base, newSuiteName: "regressions" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("already has a suite") });
    await expect(s.reviewer.evals.saveCaseFromConversation({ ...s.base })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Pick a suite") });
    expect(await s.suites()).toHaveLength(before);

    const otherAgent = await s.owner.agents.create({ workspace: s.workspace.slug, name: "Other" });
    const theirs = await s.owner.evals.createSuite({ workspace: s.workspace.slug, agentId: otherAgent.id, name: "Theirs" });
    await expect(s.reviewer.evals.saveCaseFromConversation({ ...s.base, suiteId: theirs.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("another agent's suite") });
  });

  it("another workspace's conversation or suite is NOT_FOUND; viewers and human agents are FORBIDDEN", async () => {
    const s = await setup();
    const other = await setup();
    await expect(s.reviewer.evals.saveCaseFromConversation({ ...s.base, conversationId: other.conversationId, suiteId: s.plain.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(s.reviewer.evals.saveCaseFromConversation({ ...s.base, suiteId: other.plain.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const role of ["viewer", "agent"] as const) {
      const { caller } = await addMember(db, s.workspace.id, role);
      await expect(caller.evals.saveCaseFromConversation({ ...s.base, suiteId: s.plain.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
