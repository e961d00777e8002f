import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { evalCases, evalResults, evalRuns, evalSuites, memberships } from "@/db/schema";
import type { CaseDefinition } from "@/lib/schemas/evals";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { drainJobs } from "@/server/jobs/drain-jobs";
import { jobHandlers } from "@/server/jobs/handlers";
import { EVAL_RUN_QUEUE } from "@/server/jobs/queues";
import type { WorkspaceCtx } from "@/server/services/context";
import { testDatabase } from "@/test/db";
import { executeRun, failStalledRuns, tallyCases } from "./run-suite";
import { compareRuns, getRun, startRun } from "./runs";
import { publishRelease } from "@/server/services/releases/publish-release";

let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let ctx: WorkspaceCtx & { appUrl: string };
let suiteId: string;

const greets: CaseDefinition = { customer: { kind: "script", turns: ["hello"] }, fixtures: {}, tools: "mock", mocks: [], expectations: [{ kind: "writes", count: 0 }] };
const impossible: CaseDefinition = { ...greets, expectations: [{ kind: "reply_contains", text: "a sentence the agent never says" }] };

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-evals-runs" });
  const [member] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
  ctx = { db, userId: member!.userId, workspace: fx.workspace, role: "owner", appUrl: fx.store.appUrl };
  const [suite] = await db.insert(evalSuites).values({ workspaceId: fx.workspace.id, agentId: fx.agent.id, name: "Basics" }).returning();
  suiteId = suite!.id;
  await db.insert(evalCases).values([
    { workspaceId: fx.workspace.id, suiteId, name: "Says hello", definition: greets, position: 0 },
    { workspaceId: fx.workspace.id, suiteId, name: "Says the impossible", definition: impossible, position: 1 },
    { workspaceId: fx.workspace.id, suiteId, name: "Known to fail", definition: impossible, position: 2, knownFailure: "Not built yet" },
  ]);
});
afterAll(() => fx?.store.close());

const drain = () => drainJobs(db, EVAL_RUN_QUEUE, jobHandlers[EVAL_RUN_QUEUE]!, { workspaceId: fx.workspace.id });

describe("eval runs", () => {
  it("runs a suite from the studio as a background job, k times each, with pass^1, pass^k and known failures apart", async () => {
    const { runId } = await startRun(ctx, { agentId: fx.agent.id, suiteId, target: "draft", repeat: 2 });
    expect((await getRun(ctx, { runId })).run).toMatchObject({ status: "queued", total: 6, done: 0 });
    expect(await drain()).toBe(1);
    const { run, cases } = await getRun(ctx, { runId });
    expect(run).toMatchObject({ status: "failed", total: 6, done: 6, passed: 1, failed: 1, knownFailures: 1, flaky: 0, repeat: 2 });
    expect(cases.map((c) => [c.caseName, c.pass1, c.passK, c.attempts.length])).toEqual([
      ["Known to fail", false, false, 2],
      ["Says hello", true, true, 2],
      ["Says the impossible", false, false, 2],
    ]);
    // Each attempt is a real conversation of its own.
    expect(new Set(cases.flatMap((c) => c.attempts.map((a) => a.conversationId))).size).toBe(6);
  });

  it("resumes a run whose worker died: finished attempts are kept, the rest run", async () => {
    const { runId } = await startRun(ctx, { agentId: fx.agent.id, suiteId, target: "draft" });
    // As if a worker had finished the first case, then died.
    const [first] = await db.select().from(evalCases).where(and(eq(evalCases.suiteId, suiteId), eq(evalCases.name, "Says hello")));
    await db.insert(evalResults).values({ workspaceId: fx.workspace.id, runId, caseId: first!.id, caseName: "Says hello", suiteName: "Basics", attempt: 1, passed: true, expectations: [], transcript: [], ms: 1 });
    await db.update(evalRuns).set({ status: "running", done: 1 }).where(eq(evalRuns.id, runId));
    await executeRun(db, { workspaceId: fx.workspace.id, runId, appUrl: fx.store.appUrl });
    const { run, cases } = await getRun(ctx, { runId });
    expect(run).toMatchObject({ status: "failed", done: 3, passed: 1, failed: 1, knownFailures: 1 });
    expect(cases.find((c) => c.caseName === "Says hello")!.attempts[0]!.ms).toBe(1);
    await drain(); // the queued job finds the run finished and does nothing
    expect((await getRun(ctx, { runId })).run.done).toBe(3);
  });

  it("marks a run that stopped without a verdict as an error, never running forever", async () => {
    const { runId } = await startRun(ctx, { agentId: fx.agent.id, suiteId, target: "draft" });
    await db.update(evalRuns).set({ status: "running", heartbeatAt: sql`now() - interval '2 hours'` }).where(eq(evalRuns.id, runId));
    expect(await failStalledRuns(db)).toBeGreaterThanOrEqual(1);
    expect((await getRun(ctx, { runId })).run).toMatchObject({ status: "error", error: expect.stringMatching(/stopped before it finished/) });
    await db.delete(evalRuns).where(eq(evalRuns.id, runId));
  });

  it("compares a run on the draft with the same suite's latest run on the live release", async () => {
    await publishRelease(ctx, { agentId: fx.agent.id, notes: "live" });
    const live = await startRun(ctx, { agentId: fx.agent.id, suiteId, target: "live" });
    await drain();
    await db.update(evalCases).set({ definition: { ...greets, expectations: [{ kind: "writes", count: 1 }] }, updatedAt: new Date() }).where(and(eq(evalCases.suiteId, suiteId), eq(evalCases.name, "Says hello")));
    const draft = await startRun(ctx, { agentId: fx.agent.id, suiteId, target: "draft" });
    await drain();
    const diff = await compareRuns(ctx, { runId: draft.runId });
    expect(diff.base?.id).toBe(live.runId);
    expect(diff.newlyFailing).toEqual([{ caseName: "Says hello", suiteName: "Basics" }]);
    expect(diff.newlyPassing).toEqual([]);
  });

  it("counts pass^k per case: every attempt must pass, and a case that passed some is flaky", () => {
    const row = (caseId: string, passed: boolean, knownFailure: string | null = null) => ({ caseId, passed, knownFailure });
    expect(tallyCases([row("a", true), row("a", true), row("b", true), row("b", false), row("c", false), row("c", false), row("d", true, "known")])).toEqual({
      passed: 1,
      failed: 2,
      knownFailures: 1,
      flaky: 1,
    });
  });

  it("refuses bad targets and another workspace's suite", async () => {
    await expect(startRun(ctx, { agentId: fx.agent.id, suiteId, target: 99 })).rejects.toMatchObject({ code: "not_found" });
    await expect(startRun(ctx, { agentId: fx.agent.id, suiteId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ code: "not_found" });
    await expect(startRun(ctx, { agentId: fx.agent.id, suiteId, repeat: 11 })).rejects.toThrow(/at most 10/);
  });
});
