import "server-only";
import { and, count, eq, max } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { evalCases } from "@/db/schema";
import { type CaseDefinition, caseDefinitionSchema, caseFields, MAX_CASES_PER_SUITE } from "@/lib/schemas/evals";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { invalid, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { issueText } from "@/server/services/files/read-document";
import { checkCaseAgainstAgent } from "./check-case";
import { findSuite } from "./suites";

// A suite's cases. The definition comes in unparsed so its errors can name their place
// (`expectations[2].tool: …`), then it is checked against the agent's draft (check-case.ts).

const caseId = z.uuid("Unknown case id");

export const caseIdInput = z.object({ caseId });
export const createCaseInput = z.object({ suiteId: z.uuid("Unknown suite id"), ...caseFields, definition: z.unknown() });
// Explicit optionals, not caseFields: a default would reset a field the update does not mention.
export const updateCaseInput = z.object({
  caseId,
  name: caseFields.name.optional(),
  description: z.string().trim().max(2000).optional(),
  knownFailure: z.string().trim().max(500).nullable().optional(),
  definition: z.unknown().optional(),
});

export type EvalCase = typeof evalCases.$inferSelect;

/** A definition valid by caseDefinitionSchema, or an `invalid` error naming the place (after `where`, if given). */
export function parseCaseDefinition(raw: unknown, where = ""): CaseDefinition {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw invalid(`${where || "definition"}: a case is an object of customer, fixtures, tools, mocks and expectations`);
  const parsed = caseDefinitionSchema.safeParse(raw);
  if (!parsed.success) throw invalid(issueText(parsed.error, [], where));
  return parsed.data;
}

/** A definition valid and consistent with the agent's draft (its tools, journeys, policies). */
async function checkedDefinition(ctx: WorkspaceCtx, agentId: string, raw: unknown): Promise<CaseDefinition> {
  const definition = parseCaseDefinition(raw);
  checkCaseAgainstAgent(await loadDraftConfig(ctx.db, { workspaceId: ctx.workspace.id, agentId }), definition);
  return definition;
}

async function findCase(db: Db | Tx, ctx: WorkspaceCtx, id: string): Promise<EvalCase> {
  const [row] = await db
    .select()
    .from(evalCases)
    .where(and(eq(evalCases.id, id), eq(evalCases.workspaceId, ctx.workspace.id)))
    .limit(1);
  if (!row) throw notFound("Case");
  return row;
}

const caseSnapshot = (c: Pick<EvalCase, "suiteId" | "name" | "description" | "knownFailure" | "definition">) => ({
  suiteId: c.suiteId,
  name: c.name,
  description: c.description,
  knownFailure: c.knownFailure,
  definition: c.definition,
});

/** Adds a case at the end of its suite. */
export async function createCase(ctx: WorkspaceCtx, input: z.input<typeof createCaseInput>): Promise<EvalCase> {
  const { suiteId, definition: raw, ...fields } = createCaseInput.parse(input);
  const suite = await findSuite(ctx.db, ctx, suiteId);
  const definition = await checkedDefinition(ctx, suite.agentId, raw);
  return ctx.db.transaction((tx) => appendCase(tx, ctx, suite, { ...fields, definition }));
}

/** Inserts a case at the end of `suite` (within its size limit), audited; `auditExtra` adds to the audit's after. */
export async function appendCase(
  tx: Tx,
  ctx: WorkspaceCtx,
  suite: { id: string; name: string },
  values: Omit<typeof evalCases.$inferInsert, "workspaceId" | "suiteId" | "position">,
  auditExtra: Record<string, unknown> = {},
): Promise<EvalCase> {
  const inSuite = and(eq(evalCases.suiteId, suite.id), eq(evalCases.workspaceId, ctx.workspace.id));
  const [stats] = await tx.select({ n: count(), last: max(evalCases.position) }).from(evalCases).where(inSuite);
  if ((stats?.n ?? 0) >= MAX_CASES_PER_SUITE) throw invalid(`"${suite.name}" has ${MAX_CASES_PER_SUITE} cases, the most a suite holds: put this case in another suite`);
  const [row] = await tx
    .insert(evalCases)
    .values({ workspaceId: ctx.workspace.id, suiteId: suite.id, ...values, position: (stats?.last ?? -1) + 1 })
    .returning();
  await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "eval_case.create", targetType: "eval_case", targetId: row!.id, after: { ...caseSnapshot(row!), ...auditExtra } });
  return row!;
}

export async function updateCase(ctx: WorkspaceCtx, input: z.input<typeof updateCaseInput>): Promise<EvalCase> {
  const { caseId: id, definition: raw, ...changes } = updateCaseInput.parse(input);
  const before = await findCase(ctx.db, ctx, id);
  const suite = await findSuite(ctx.db, ctx, before.suiteId);
  const definition = raw === undefined ? undefined : await checkedDefinition(ctx, suite.agentId, raw);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(evalCases)
      .set({ ...changes, ...(definition ? { definition } : {}), updatedAt: new Date() })
      .where(and(eq(evalCases.id, before.id), eq(evalCases.workspaceId, ctx.workspace.id)))
      .returning();
    if (!row) throw notFound("Case");
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "eval_case.update",
      targetType: "eval_case",
      targetId: before.id,
      before: caseSnapshot(before),
      after: caseSnapshot(row),
    });
    return row;
  });
}

/** Deletes a case; past runs keep their results (copied names, the case id set null). */
export async function deleteCase(ctx: WorkspaceCtx, input: z.input<typeof caseIdInput>): Promise<{ id: string }> {
  const { caseId: id } = caseIdInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const before = await findCase(tx, ctx, id);
    await tx.delete(evalCases).where(and(eq(evalCases.id, before.id), eq(evalCases.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "eval_case.delete", targetType: "eval_case", targetId: before.id, before: caseSnapshot(before) });
    return { id: before.id };
  });
}
