import "server-only";
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { type Db, postgresPoolsOf, type Tx } from "@/db/client";
import { evalCases, evalResults, evalRuns, evalSuites } from "@/db/schema";
import { caseDefinitionSchema, MAX_REPEAT, type RunTarget } from "@/lib/schemas/evals";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { invalid, notFound } from "@/server/errors";
import { knowledgeSnapshot } from "@/server/services/releases/knowledge-snapshot";
import { readDeployment } from "@/server/services/releases/deployment";
import { loadRelease, releaseIdByNumber } from "@/server/services/releases/load-release";
import { snapshotFromConfig } from "@/server/services/releases/snapshot";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { runCase } from "./run-case";

// A run: which cases (a suite, one case of it, or every gating suite of the agent), against what (the
// draft, the live release, release N), k times each. Created queued; `executeRun` runs it — in a
// background job for the studio, in process for the CLI and the publish gate — and can resume it: a
// case attempt already stored is not run again.

export interface CreateRunInput {
  workspaceId: string;
  agentId: string;
  /** A suite; null for every gating suite of the agent. */
  suiteId: string | null;
  caseId?: string | null;
  target: RunTarget;
  repeat?: number;
  trigger: "studio" | "publish" | "cli";
  startedBy?: string | null;
}

export async function createRun(db: Db | Tx, input: CreateRunInput): Promise<{ id: string; total: number }> {
  const repeat = input.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT) throw invalid(`repeat is a whole number from 1 to ${MAX_REPEAT}`);
  if (input.suiteId) await suiteOf(db, input.workspaceId, input.agentId, input.suiteId);
  const cases = await casesInScope(db, { workspaceId: input.workspaceId, agentId: input.agentId, suiteId: input.suiteId, caseId: input.caseId ?? null });
  if (input.caseId && cases.length === 0) throw notFound("Case");
  const target = await resolveTarget(db, input, cases);
  const [run] = await db
    .insert(evalRuns)
    .values({
      workspaceId: input.workspaceId,
      agentId: input.agentId,
      suiteId: input.suiteId,
      caseId: input.caseId ?? null,
      target: String(input.target),
      releaseId: target.releaseId,
      fingerprint: target.fingerprint,
      repeat,
      trigger: input.trigger,
      total: cases.length * repeat,
      startedBy: input.startedBy ?? null,
    })
    .returning({ id: evalRuns.id, total: evalRuns.total });
  return run!;
}

async function suiteOf(db: Db | Tx, workspaceId: string, agentId: string, suiteId: string) {
  const [suite] = await db
    .select({ id: evalSuites.id })
    .from(evalSuites)
    .where(and(eq(evalSuites.id, suiteId), eq(evalSuites.workspaceId, workspaceId), eq(evalSuites.agentId, agentId)));
  if (!suite) throw notFound("Suite");
  return suite;
}

/** The release a run's cases run against (null: the draft) and, for the draft, the fingerprint of the draft and the cases. */
async function resolveTarget(db: Db | Tx, input: { workspaceId: string; agentId: string; target: RunTarget }, cases: ScopedCase[]): Promise<{ releaseId: string | null; fingerprint: string | null }> {
  const scope = { workspaceId: input.workspaceId, agentId: input.agentId };
  if (input.target === "draft") return { releaseId: null, fingerprint: await runFingerprint(db, await loadDraftConfig(db, scope), cases) };
  if (input.target === "live") {
    const live = (await readDeployment(db, scope))?.liveReleaseId;
    if (!live) throw invalid("The agent has no live release yet: run against the draft, or publish first");
    return { releaseId: live, fingerprint: null };
  }
  return { releaseId: await releaseIdByNumber(db, { ...scope, number: input.target }), fingerprint: null };
}

/**
 * The draft as a release would freeze it, and the cases as they are: a run on the draft stands for
 * publishing while neither changes (an edited case or a new known failure means running again).
 */
async function runFingerprint(db: Db | Tx, config: AgentConfig, cases: ScopedCase[]): Promise<string> {
  const snapshot = snapshotFromConfig(config, await knowledgeSnapshot(db, { workspaceId: config.agent.workspaceId, settings: config.agent.settings }));
  return createHash("sha256")
    .update(JSON.stringify({ snapshot, cases: cases.map((c) => [c.id, c.knownFailure, c.definition]) }))
    .digest("hex");
}

/** The fingerprint of the draft with the agent's gating cases: what the publish gate's run must match; null without any. */
export async function gateFingerprint(db: Db | Tx, config: AgentConfig): Promise<string | null> {
  const cases = await casesInScope(db, { workspaceId: config.agent.workspaceId, agentId: config.agent.id, suiteId: null, caseId: null });
  return cases.length ? runFingerprint(db, config, cases) : null;
}

type ScopedCase = { id: string; name: string; suiteName: string; knownFailure: string | null; definition: unknown };

async function casesInScope(db: Db | Tx, input: { workspaceId: string; agentId: string; suiteId: string | null; caseId: string | null }): Promise<ScopedCase[]> {
  return db
    .select({ id: evalCases.id, name: evalCases.name, suiteName: evalSuites.name, knownFailure: evalCases.knownFailure, definition: evalCases.definition })
    .from(evalCases)
    .innerJoin(evalSuites, and(eq(evalSuites.id, evalCases.suiteId), eq(evalSuites.workspaceId, evalCases.workspaceId)))
    .where(
      and(
        eq(evalSuites.workspaceId, input.workspaceId),
        eq(evalSuites.agentId, input.agentId),
        input.suiteId ? eq(evalSuites.id, input.suiteId) : eq(evalSuites.gating, true),
        input.caseId ? eq(evalCases.id, input.caseId) : undefined,
      ),
    )
    .orderBy(asc(evalSuites.name), asc(evalCases.position), asc(evalCases.createdAt));
}

/**
 * Runs (or resumes) a run: each case attempt in its own conversation and sandbox, `concurrency` at a
 * time (default: the cores on Postgres, one on PGlite), each stored as it finishes; then the verdict. A case passes when every attempt passed (pass^k);
 * the run fails when a case that is not a known failure did not pass.
 */
export async function executeRun(
  db: Db,
  input: { workspaceId: string; runId: string; appUrl: string; concurrency?: number; /** false while a job retry may still resume it. */ markError?: boolean },
): Promise<void> {
  const [run] = await db.select().from(evalRuns).where(and(eq(evalRuns.id, input.runId), eq(evalRuns.workspaceId, input.workspaceId)));
  if (!run) throw notFound("Run");
  if (run.status !== "queued" && run.status !== "running") return;
  await db.update(evalRuns).set({ status: "running", startedAt: run.startedAt ?? new Date(), heartbeatAt: new Date() }).where(eq(evalRuns.id, run.id));
  try {
    const scope = { workspaceId: run.workspaceId, agentId: run.agentId };
    const config = run.releaseId ? (await loadRelease(db, { workspaceId: run.workspaceId, releaseId: run.releaseId })).config : await loadDraftConfig(db, scope);
    const cases = await casesInScope(db, { ...scope, suiteId: run.suiteId, caseId: run.caseId });
    const done = new Set(
      (await db.select({ caseId: evalResults.caseId, attempt: evalResults.attempt }).from(evalResults).where(eq(evalResults.runId, run.id))).map((r) => `${r.caseId}:${r.attempt}`),
    );
    const ctx = await buildTurnContext(db, { workspaceId: run.workspaceId, appUrl: input.appUrl });
    const work = cases.flatMap((c) => Array.from({ length: run.repeat }, (_, i) => ({ c, attempt: i + 1 }))).filter(({ c, attempt }) => !done.has(`${c.id}:${attempt}`));
    // PGlite is one connection in this process: cases side by side would only queue on it.
    const concurrency = input.concurrency ?? (postgresPoolsOf(db) ? availableParallelism() : 1);
    let finished = 0;
    await inParallel(work, concurrency, async ({ c, attempt }) => {
      const parsed = caseDefinitionSchema.safeParse(c.definition);
      const outcome = parsed.success
        ? await runCase(db, { workspaceId: run.workspaceId, agentId: run.agentId, config, definition: parsed.data, ctx, metadata: { runId: run.id, caseId: c.id, attempt } })
        : { passed: false, expectations: [], transcript: [], conversationId: null, error: `The case is not valid any more: ${parsed.error.issues[0]?.message}`, ms: 0 };
      await db.transaction(async (tx) => {
        const stored = await tx
          .insert(evalResults)
          .values({ workspaceId: run.workspaceId, runId: run.id, caseId: c.id, caseName: c.name, suiteName: c.suiteName, attempt, knownFailure: c.knownFailure, ...outcome })
          .onConflictDoNothing()
          .returning({ id: evalResults.id });
        if (stored.length) await tx.update(evalRuns).set({ done: sql`${evalRuns.done} + 1`, heartbeatAt: new Date() }).where(eq(evalRuns.id, run.id));
      });
      if (!postgresPoolsOf(db) && ++finished % RECLAIM_EVERY === 0) await reclaimSandboxSpace(db);
    });
    await finishRun(db, run.id);
  } catch (error) {
    if (input.markError !== false) await db.update(evalRuns).set({ status: "error", error: `The run failed: ${(error as Error).message.slice(0, 1000)}`, finishedAt: new Date() }).where(eq(evalRuns.id, run.id));
    throw error;
  }
}

/** The verdict from the stored attempts: per case pass^k, known failures apart, flaky when attempts disagree. */
async function finishRun(db: Db, runId: string): Promise<void> {
  const rows = await db.select({ caseId: evalResults.caseId, passed: evalResults.passed, knownFailure: evalResults.knownFailure }).from(evalResults).where(eq(evalResults.runId, runId));
  const tally = tallyCases(rows);
  await db
    .update(evalRuns)
    .set({ ...tally, status: tally.failed > 0 ? "failed" : "passed", finishedAt: new Date(), heartbeatAt: new Date() })
    .where(eq(evalRuns.id, runId));
}

/** Per case (all its attempts): passed, failed, a known failure (not counted as failed), flaky (attempts disagree). */
export function tallyCases(rows: { caseId: string | null; passed: boolean; knownFailure: string | null }[]) {
  const byCase = new Map<string, { passed: boolean[]; known: boolean }>();
  for (const r of rows) {
    const entry = byCase.get(r.caseId ?? "") ?? { passed: [], known: r.knownFailure !== null };
    entry.passed.push(r.passed);
    byCase.set(r.caseId ?? "", entry);
  }
  let passed = 0;
  let failed = 0;
  let knownFailures = 0;
  let flaky = 0;
  for (const { passed: attempts, known } of byCase.values()) {
    const all = attempts.every(Boolean);
    if (!all && attempts.some(Boolean)) flaky += 1;
    if (known) knownFailures += 1;
    else if (all) passed += 1;
    else failed += 1;
  }
  return { passed, failed, knownFailures, flaky };
}

const RECLAIM_EVERY = 20;

/**
 * PGlite keeps its files in this process's memory and has no autovacuum: every sandbox's deleted copy of
 * the store and its WAL would stay there (a 200-case suite grew it by 1.1 GB). Vacuumed and checkpointed
 * every few cases, the next copies reuse the space (232 MB; bench/README.md, "evals").
 */
async function reclaimSandboxSpace(db: Db) {
  await db.execute(sql`vacuum store_orders, store_users, store_products`);
  await db.execute(sql`checkpoint`);
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** Runs that stopped without a verdict (their worker died and the retry did too): marked as errors, never "running" forever. */
export async function failStalledRuns(db: Db, staleAfterSeconds = 1200): Promise<number> {
  const stalled = await db
    .update(evalRuns)
    .set({ status: "error", error: "The run stopped before it finished (its worker ended and the retry did not complete it): start it again", finishedAt: new Date() })
    .where(and(inArray(evalRuns.status, ["queued", "running"]), sql`coalesce(${evalRuns.heartbeatAt}, ${evalRuns.createdAt}) < now() - make_interval(secs => ${staleAfterSeconds})`))
    .returning({ id: evalRuns.id });
  return stalled.length;
}
