import "server-only";
import { and, asc, count, desc, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { evalCases, evalRuns, evalSuites } from "@/db/schema";
import { suiteFields } from "@/lib/schemas/evals";
import { conflict, notFound } from "@/server/errors";
import { getAgent } from "@/server/services/agents/agents";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

// An agent's eval suites (README.md in this folder). Cases are in cases.ts, files in suite-file.ts.

const agentId = z.uuid("Unknown agent id");
const suiteId = z.uuid("Unknown suite id");

export const listSuitesInput = z.object({ agentId });
export const suiteIdInput = z.object({ suiteId });
export const createSuiteInput = z.object({ agentId, ...suiteFields });
// Explicit optionals, not suiteFields: a default would reset a field the update does not mention.
export const updateSuiteInput = z.object({
  suiteId,
  name: suiteFields.name.optional(),
  description: z.string().trim().max(2000).optional(),
  gating: z.boolean().optional(),
});

export type Suite = typeof evalSuites.$inferSelect;

/** A suite of the caller's workspace; another workspace's is NOT_FOUND. */
export async function findSuite(db: Db | Tx, ctx: Pick<WorkspaceCtx, "workspace">, id: string): Promise<Suite> {
  const [row] = await db
    .select()
    .from(evalSuites)
    .where(and(eq(evalSuites.id, id), eq(evalSuites.workspaceId, ctx.workspace.id)))
    .limit(1);
  if (!row) throw notFound("Suite");
  return row;
}

/** The agent's suite with this name whatever its case (but `exceptId`), if any. */
export async function findSuiteByName(db: Db | Tx, ctx: Pick<WorkspaceCtx, "workspace">, input: { agentId: string; name: string; exceptId?: string }): Promise<Suite | null> {
  const [row] = await db
    .select()
    .from(evalSuites)
    .where(
      and(
        eq(evalSuites.workspaceId, ctx.workspace.id),
        eq(evalSuites.agentId, input.agentId),
        sql`lower(${evalSuites.name}) = lower(${input.name})`,
        input.exceptId ? sql`${evalSuites.id} <> ${input.exceptId}` : undefined,
      ),
    )
    .limit(1);
  return row ?? null;
}

export const suiteNameTaken = (name: string) => conflict(`This agent already has a suite called "${name}": pick another name`);

export const suiteSnapshot = (s: Pick<Suite, "agentId" | "name" | "description" | "gating">) => ({ agentId: s.agentId, name: s.name, description: s.description, gating: s.gating });

/** The agent's suites by name, each with its number of cases (known failures apart) and its latest run. */
export async function listSuites(ctx: WorkspaceCtx, input: z.input<typeof listSuitesInput>) {
  const agent = await getAgent(ctx, listSuitesInput.parse(input).agentId);
  const ws = ctx.workspace.id;
  const [suites, counts, runs] = await Promise.all([
    ctx.db
      .select()
      .from(evalSuites)
      .where(and(eq(evalSuites.workspaceId, ws), eq(evalSuites.agentId, agent.id)))
      .orderBy(asc(sql`lower(${evalSuites.name})`)),
    ctx.db
      .select({ suiteId: evalCases.suiteId, cases: count(), knownFailures: count(evalCases.knownFailure) })
      .from(evalCases)
      .innerJoin(evalSuites, and(eq(evalSuites.id, evalCases.suiteId), eq(evalSuites.workspaceId, evalCases.workspaceId)))
      .where(and(eq(evalCases.workspaceId, ws), eq(evalSuites.agentId, agent.id)))
      .groupBy(evalCases.suiteId),
    ctx.db
      .selectDistinctOn([evalRuns.suiteId], {
        suiteId: evalRuns.suiteId,
        id: evalRuns.id,
        status: evalRuns.status,
        passed: evalRuns.passed,
        failed: evalRuns.failed,
        knownFailures: evalRuns.knownFailures,
        total: evalRuns.total,
        finishedAt: evalRuns.finishedAt,
        createdAt: evalRuns.createdAt,
      })
      .from(evalRuns)
      .where(and(eq(evalRuns.workspaceId, ws), eq(evalRuns.agentId, agent.id), isNotNull(evalRuns.suiteId)))
      .orderBy(evalRuns.suiteId, desc(evalRuns.createdAt)),
  ]);
  const countOf = new Map(counts.map((c) => [c.suiteId, c]));
  const runOf = new Map(runs.map(({ suiteId: id, ...run }) => [id, run]));
  return suites.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    gating: s.gating,
    caseCount: countOf.get(s.id)?.cases ?? 0,
    knownFailures: countOf.get(s.id)?.knownFailures ?? 0,
    lastRun: runOf.get(s.id) ?? null,
  }));
}

/** A suite with its cases in order. */
export async function getSuite(ctx: WorkspaceCtx, input: z.input<typeof suiteIdInput>) {
  const suite = await findSuite(ctx.db, ctx, suiteIdInput.parse(input).suiteId);
  const cases = await ctx.db
    .select({ id: evalCases.id, name: evalCases.name, description: evalCases.description, knownFailure: evalCases.knownFailure, definition: evalCases.definition, position: evalCases.position })
    .from(evalCases)
    .where(and(eq(evalCases.suiteId, suite.id), eq(evalCases.workspaceId, ctx.workspace.id)))
    .orderBy(asc(evalCases.position), asc(evalCases.createdAt));
  return { id: suite.id, agentId: suite.agentId, name: suite.name, description: suite.description, gating: suite.gating, createdAt: suite.createdAt, updatedAt: suite.updatedAt, cases };
}

export async function createSuite(ctx: WorkspaceCtx, input: z.input<typeof createSuiteInput>): Promise<Suite> {
  const { agentId: id, ...fields } = createSuiteInput.parse(input);
  const agent = await getAgent(ctx, id);
  return ctx.db.transaction(async (tx) => {
    if (await findSuiteByName(tx, ctx, { agentId: agent.id, name: fields.name })) throw suiteNameTaken(fields.name);
    // A concurrent create of the same name meets the unique index: nothing is inserted.
    const [row] = await tx
      .insert(evalSuites)
      .values({ workspaceId: ctx.workspace.id, agentId: agent.id, ...fields, createdBy: ctx.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw suiteNameTaken(fields.name);
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "eval_suite.create", targetType: "eval_suite", targetId: row.id, after: suiteSnapshot(row) });
    return row;
  });
}

export async function updateSuite(ctx: WorkspaceCtx, input: z.input<typeof updateSuiteInput>): Promise<Suite> {
  const { suiteId: id, ...changes } = updateSuiteInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const before = await findSuite(tx, ctx, id);
    if (changes.name !== undefined && (await findSuiteByName(tx, ctx, { agentId: before.agentId, name: changes.name, exceptId: before.id }))) throw suiteNameTaken(changes.name);
    const [row] = await tx
      .update(evalSuites)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(evalSuites.id, before.id), eq(evalSuites.workspaceId, ctx.workspace.id)))
      .returning();
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "eval_suite.update",
      targetType: "eval_suite",
      targetId: before.id,
      before: suiteSnapshot(before),
      after: suiteSnapshot(row!),
    });
    return row!;
  });
}

/** Deletes a suite with its cases and runs (foreign keys cascade). */
export async function deleteSuite(ctx: WorkspaceCtx, input: z.input<typeof suiteIdInput>): Promise<{ id: string }> {
  const { suiteId: id } = suiteIdInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const before = await findSuite(tx, ctx, id);
    const [cases] = await tx
      .select({ n: count() })
      .from(evalCases)
      .where(and(eq(evalCases.suiteId, before.id), eq(evalCases.workspaceId, ctx.workspace.id)));
    await tx.delete(evalSuites).where(and(eq(evalSuites.id, before.id), eq(evalSuites.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "eval_suite.delete",
      targetType: "eval_suite",
      targetId: before.id,
      before: { ...suiteSnapshot(before), cases: cases?.n ?? 0 },
    });
    return { id: before.id };
  });
}
