import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { policies, policyTests } from "@/db/schema";
import { createPolicyTestInput } from "@/lib/schemas/policy-authoring";
import { type Decision, type Facts, policySchema } from "@/lib/schemas/policy";
import { evaluatePolicy } from "@/server/agent/policy/evaluate";
import { DomainError, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { agentRef } from "./agent-ref";

export interface PolicyTestResult {
  passed: boolean;
  decision: Decision | null;
  ruleId: string | null;
  reason: string | null;
  policyRevision: number | null;
  /** Why it failed, in words: expected vs actual, or the error the policy raised. */
  message: string | null;
  ranAt: string;
}

export async function listPolicyTests(ctx: WorkspaceCtx, input: { agent: string }) {
  const agent = await agentRef(ctx, input.agent);
  const rows = await ctx.db
    .select()
    .from(policyTests)
    .where(and(eq(policyTests.workspaceId, ctx.workspace.id), eq(policyTests.agentId, agent.id)))
    .orderBy(asc(policyTests.policyKey), asc(policyTests.createdAt));
  return rows.map((r) => ({ ...r, lastResult: (r.lastResult as PolicyTestResult | null) ?? null }));
}

export async function createPolicyTest(ctx: WorkspaceCtx, input: z.input<typeof createPolicyTestInput>) {
  const { agent: agentIdOrSlug, policyKey, name, facts, expectedDecision, expectedRuleId } = createPolicyTestInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const agent = await agentRef({ ...ctx, db: tx }, agentIdOrSlug);
    const [policy] = await tx
      .select({ id: policies.id })
      .from(policies)
      .where(and(eq(policies.workspaceId, ctx.workspace.id), eq(policies.agentId, agent.id), eq(policies.key, policyKey)));
    if (!policy) throw notFound("Policy");
    const [row] = await tx
      .insert(policyTests)
      .values({ workspaceId: ctx.workspace.id, agentId: agent.id, policyKey, name, facts, expectedDecision, expectedRuleId: expectedRuleId || null })
      .returning();
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "policy_test.create", targetType: "policy_test", targetId: row!.id, after: { policyKey, name, facts, expectedDecision, expectedRuleId } });
    return row!;
  });
}

export async function deletePolicyTest(ctx: WorkspaceCtx, input: { agent: string; id: string }) {
  return ctx.db.transaction(async (tx) => {
    const agent = await agentRef({ ...ctx, db: tx }, input.agent);
    const [row] = await tx
      .delete(policyTests)
      .where(and(eq(policyTests.workspaceId, ctx.workspace.id), eq(policyTests.agentId, agent.id), eq(policyTests.id, input.id)))
      .returning();
    if (!row) throw notFound("Policy test");
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "policy_test.delete", targetType: "policy_test", targetId: row.id, before: { name: row.name, policyKey: row.policyKey } });
  });
}

/** Runs every policy test of the agent against the saved policies and stores each result. */
export async function runPolicyTests(ctx: WorkspaceCtx, input: { agent: string; now?: Date }) {
  const agent = await agentRef(ctx, input.agent);
  const now = input.now ?? new Date();
  const [tests, policyRows] = await Promise.all([
    ctx.db.select().from(policyTests).where(and(eq(policyTests.workspaceId, ctx.workspace.id), eq(policyTests.agentId, agent.id))).orderBy(asc(policyTests.createdAt)),
    ctx.db.select().from(policies).where(and(eq(policies.workspaceId, ctx.workspace.id), eq(policies.agentId, agent.id))),
  ]);
  const byKey = new Map(policyRows.map((p) => [p.key, p]));
  const results = tests.map((t) => ({ id: t.id, result: runOne(t, byKey.get(t.policyKey), now) }));
  await ctx.db.transaction(async (tx) => {
    for (const r of results) await tx.update(policyTests).set({ lastResult: r.result, updatedAt: now }).where(eq(policyTests.id, r.id));
  });
  const failed = results.filter((r) => !r.result.passed).length;
  return { total: results.length, passed: results.length - failed, failed, results };
}

function runOne(test: typeof policyTests.$inferSelect, row: typeof policies.$inferSelect | undefined, now: Date): PolicyTestResult {
  const base = { ranAt: now.toISOString() };
  if (!row) return { ...base, passed: false, decision: null, ruleId: null, reason: null, policyRevision: null, message: `The policy ${test.policyKey} no longer exists` };
  try {
    const d = evaluatePolicy(policySchema.parse(row.definition), test.facts as Facts, { now });
    const decisionOk = d.decision === test.expectedDecision;
    const ruleOk = !test.expectedRuleId || d.ruleId === test.expectedRuleId;
    const message = decisionOk && ruleOk ? null : `Expected ${test.expectedDecision}${test.expectedRuleId ? ` by rule ${test.expectedRuleId}` : ""}, got ${d.decision} by rule ${d.ruleId}`;
    return { ...base, passed: decisionOk && ruleOk, decision: d.decision, ruleId: d.ruleId, reason: d.reason, policyRevision: row.revision, message };
  } catch (e) {
    // A policy that throws for these facts (an operator on the wrong type) is a failing test, not a crash.
    if (!(e instanceof DomainError)) throw e;
    return { ...base, passed: false, decision: null, ruleId: null, reason: null, policyRevision: row.revision, message: e.message };
  }
}
