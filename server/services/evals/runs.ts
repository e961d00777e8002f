import "server-only";
import { and, asc, desc, eq, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import { evalResults, evalRuns, evalSuites, releases } from "@/db/schema";
import { MAX_REPEAT, runTargetSchema } from "@/lib/schemas/evals";
import { notFound } from "@/server/errors";
import { EVAL_RUN_QUEUE, type EvalRunJobData } from "@/server/jobs/queues";
import { sendJob } from "@/server/jobs/send-job";
import { getAgent } from "@/server/services/agents/agents";
import { readDeployment } from "@/server/services/releases/deployment";
import type { WorkspaceCtx } from "@/server/services/context";
import { createRun, executeRun } from "./run-suite";

export const startRunInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  suiteId: z.uuid("Unknown suite id").nullish(),
  caseId: z.uuid("Unknown case id").nullish(),
  target: runTargetSchema.default("draft"),
  repeat: z.number().int().min(1, "Repeat each case at least once").max(MAX_REPEAT, `Repeat each case at most ${MAX_REPEAT} times`).default(1),
});

/** Queues a run for the background workers (the studio's Run button); the run page follows its progress. */
export async function startRun(ctx: WorkspaceCtx & { appUrl: string }, input: z.input<typeof startRunInput>): Promise<{ runId: string }> {
  const parsed = startRunInput.parse(input);
  const agent = await getAgent(ctx, parsed.agentId);
  return ctx.db.transaction(async (tx) => {
    const run = await createRun(tx, { workspaceId: ctx.workspace.id, agentId: agent.id, suiteId: parsed.suiteId ?? null, caseId: parsed.caseId, target: parsed.target, repeat: parsed.repeat, trigger: "studio", startedBy: ctx.userId });
    await sendJob(tx, EVAL_RUN_QUEUE, { workspaceId: ctx.workspace.id, runId: run.id, appUrl: ctx.appUrl } satisfies EvalRunJobData);
    return { runId: run.id };
  });
}

/** Creates a run and runs it here, to the end (the CLI; the publish gate). */
export async function runNow(ctx: Pick<WorkspaceCtx, "db" | "workspace"> & { userId: string | null; appUrl: string }, input: z.input<typeof startRunInput> & { trigger: "cli" | "publish"; concurrency?: number }) {
  const parsed = startRunInput.parse(input);
  const run = await createRun(ctx.db, { workspaceId: ctx.workspace.id, agentId: parsed.agentId, suiteId: parsed.suiteId ?? null, caseId: parsed.caseId, target: parsed.target, repeat: parsed.repeat, trigger: input.trigger, startedBy: ctx.userId });
  await executeRun(ctx.db, { workspaceId: ctx.workspace.id, runId: run.id, appUrl: ctx.appUrl, concurrency: input.concurrency });
  return readRun(ctx, run.id);
}

const runColumns = {
  id: evalRuns.id,
  agentId: evalRuns.agentId,
  suiteId: evalRuns.suiteId,
  suiteName: evalSuites.name,
  caseId: evalRuns.caseId,
  target: evalRuns.target,
  releaseNumber: releases.number,
  fingerprint: evalRuns.fingerprint,
  status: evalRuns.status,
  error: evalRuns.error,
  total: evalRuns.total,
  done: evalRuns.done,
  passed: evalRuns.passed,
  failed: evalRuns.failed,
  knownFailures: evalRuns.knownFailures,
  flaky: evalRuns.flaky,
  repeat: evalRuns.repeat,
  trigger: evalRuns.trigger,
  createdAt: evalRuns.createdAt,
  startedAt: evalRuns.startedAt,
  finishedAt: evalRuns.finishedAt,
};

function runsQuery(ctx: Pick<WorkspaceCtx, "db">) {
  return ctx.db
    .select(runColumns)
    .from(evalRuns)
    .leftJoin(evalSuites, and(eq(evalSuites.id, evalRuns.suiteId), eq(evalSuites.workspaceId, evalRuns.workspaceId)))
    .leftJoin(releases, and(eq(releases.id, evalRuns.releaseId), eq(releases.workspaceId, evalRuns.workspaceId)));
}

export async function listRuns(ctx: WorkspaceCtx, input: { agentId: string; suiteId?: string | null; limit?: number }) {
  const agent = await getAgent(ctx, input.agentId);
  return runsQuery(ctx)
    .where(and(eq(evalRuns.workspaceId, ctx.workspace.id), eq(evalRuns.agentId, agent.id), input.suiteId ? eq(evalRuns.suiteId, input.suiteId) : undefined))
    .orderBy(desc(evalRuns.createdAt))
    .limit(input.limit ?? 50);
}

export type RunCase = Awaited<ReturnType<typeof readRun>>["cases"][number];

/** A run with its cases, each with every attempt: pass^1 is the first attempt, pass^k all of them. */
export async function readRun(ctx: Pick<WorkspaceCtx, "db" | "workspace">, runId: string) {
  const [run] = await runsQuery(ctx).where(and(eq(evalRuns.id, runId), eq(evalRuns.workspaceId, ctx.workspace.id)));
  if (!run) throw notFound("Run");
  const rows = await ctx.db
    .select()
    .from(evalResults)
    .where(and(eq(evalResults.runId, run.id), eq(evalResults.workspaceId, ctx.workspace.id)))
    .orderBy(asc(evalResults.suiteName), asc(evalResults.caseName), asc(evalResults.attempt));
  const byCase = new Map<string, typeof rows>();
  for (const r of rows) byCase.set(r.caseId ?? `${r.suiteName}/${r.caseName}`, [...(byCase.get(r.caseId ?? `${r.suiteName}/${r.caseName}`) ?? []), r]);
  const cases = [...byCase.values()].map((attempts) => {
    const first = attempts[0]!;
    const passK = attempts.every((a) => a.passed);
    return {
      caseId: first.caseId,
      caseName: first.caseName,
      suiteName: first.suiteName,
      knownFailure: first.knownFailure,
      pass1: first.passed,
      passK,
      flaky: !passK && attempts.some((a) => a.passed),
      attempts: attempts.map((a) => ({ attempt: a.attempt, passed: a.passed, error: a.error, ms: a.ms, conversationId: a.conversationId, expectations: a.expectations, transcript: a.transcript })),
    };
  });
  return { run, cases };
}

export async function getRun(ctx: WorkspaceCtx, input: { runId: string }) {
  return readRun(ctx, input.runId);
}

/**
 * What changed between a run and the run it is compared with: by default, for a run on the draft, the
 * latest finished run of the same suite (or case) on the release live now. Cases that newly fail or newly pass, and per
 * case the turns whose reply or tool calls differ.
 */
export async function compareRuns(ctx: WorkspaceCtx, input: { runId: string; baseRunId?: string }) {
  const current = await readRun(ctx, input.runId);
  const baseId = input.baseRunId ?? (await latestLiveRun(ctx, current.run));
  if (!baseId) return { base: null, newlyFailing: [], newlyPassing: [], changed: [] };
  const base = await readRun(ctx, baseId);
  const before = new Map(base.cases.map((c) => [c.caseId ?? c.caseName, c]));
  const newlyFailing: { caseName: string; suiteName: string }[] = [];
  const newlyPassing: { caseName: string; suiteName: string }[] = [];
  const changed: { caseName: string; turns: { turn: number; customer: string; before: Turn | null; after: Turn | null }[] }[] = [];
  for (const c of current.cases) {
    const b = before.get(c.caseId ?? c.caseName);
    if (!b) continue;
    if (b.passK && !c.passK) newlyFailing.push({ caseName: c.caseName, suiteName: c.suiteName });
    if (!b.passK && c.passK) newlyPassing.push({ caseName: c.caseName, suiteName: c.suiteName });
    const was = b.attempts[0]!.transcript;
    const now = c.attempts[0]!.transcript;
    const turns = Array.from({ length: Math.max(was.length, now.length) }, (_, i) => ({ turn: i + 1, customer: (now[i] ?? was[i])!.customer, before: was[i] ?? null, after: now[i] ?? null })).filter(
      (t) => JSON.stringify(t.before && { reply: t.before.reply, tools: t.before.tools }) !== JSON.stringify(t.after && { reply: t.after.reply, tools: t.after.tools }),
    );
    if (turns.length) changed.push({ caseName: c.caseName, turns });
  }
  return { base: { id: base.run.id, target: base.run.target, releaseNumber: base.run.releaseNumber, createdAt: base.run.createdAt }, newlyFailing, newlyPassing, changed };
}

type Turn = { customer: string; reply: string; tools: { tool: string; args: unknown; decision: string | null }[] };

async function latestLiveRun(ctx: WorkspaceCtx, run: { id: string; agentId: string; suiteId: string | null; caseId: string | null }): Promise<string | null> {
  const live = (await readDeployment(ctx.db, { workspaceId: ctx.workspace.id, agentId: run.agentId }))?.liveReleaseId;
  if (!live) return null;
  const [row] = await ctx.db
    .select({ id: evalRuns.id })
    .from(evalRuns)
    .where(
      and(
        eq(evalRuns.workspaceId, ctx.workspace.id),
        eq(evalRuns.agentId, run.agentId),
        ne(evalRuns.id, run.id),
        eq(evalRuns.releaseId, live),
        run.suiteId ? eq(evalRuns.suiteId, run.suiteId) : isNull(evalRuns.suiteId),
        run.caseId ? eq(evalRuns.caseId, run.caseId) : isNull(evalRuns.caseId),
        ne(evalRuns.status, "queued"),
        ne(evalRuns.status, "running"),
      ),
    )
    .orderBy(desc(evalRuns.createdAt))
    .limit(1);
  return row?.id ?? null;
}
