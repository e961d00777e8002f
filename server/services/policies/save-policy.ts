import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { policies, policyRevisions, tools } from "@/db/schema";
import { createPolicyInput, savePolicyInput } from "@/lib/schemas/policy-authoring";
import { computedFactProblemText, computedFactTypes, conditionProblem } from "@/lib/policy/computed-facts";
import { type Policy, policySchema } from "@/lib/schemas/policy";
import { conflict, invalid, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { agentRef } from "./agent-ref";
import { type FactInfo, listFacts } from "./bench";

/**
 * Saves a policy's rules as a new revision: bumps `revision` and `updatedAt` (the runtime's config cache
 * keys on both), keeps the definition in policy_revisions for diffs, and audits before/after. The
 * definition's `version` is the revision, so every logged decision names the revision that made it.
 */
export async function savePolicy(ctx: WorkspaceCtx, input: z.input<typeof savePolicyInput>) {
  const { agent: agentIdOrSlug, baseRevision, key, name, description, facts, rules, defaultDecision } = savePolicyInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const agent = await agentRef({ ...ctx, db: tx }, agentIdOrSlug);
    const [row] = await tx
      .select()
      .from(policies)
      .where(and(eq(policies.workspaceId, ctx.workspace.id), eq(policies.agentId, agent.id), eq(policies.key, key)))
      .for("update");
    if (!row) throw notFound("Policy");
    if (baseRevision !== undefined && baseRevision !== row.revision) {
      throw conflict(`Someone saved this policy (revision ${row.revision}) after you opened it: reload to see their changes`);
    }
    const revision = row.revision + 1;
    const parsed = policySchema.safeParse({ key, name, version: revision, ...(description ? { description } : {}), ...(facts?.length ? { facts } : {}), rules, defaultDecision });
    if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? "The policy is not valid");
    checkConditions(parsed.data, await listFacts({ ...ctx, db: tx }, { agent: agent.id }));
    await ensureRevisionRow(tx, row);
    const now = new Date();
    await tx.update(policies).set({ name, definition: parsed.data, revision, updatedAt: now }).where(eq(policies.id, row.id));
    await tx.insert(policyRevisions).values({ workspaceId: ctx.workspace.id, policyId: row.id, revision, definition: parsed.data, authorId: ctx.userId });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "policy.update",
      targetType: "policy",
      targetId: row.id,
      before: { revision: row.revision, definition: row.definition },
      after: { revision, definition: parsed.data },
    });
    return { id: row.id, key, revision, updatedAt: now };
  });
}

// Seeded policies start at revision 1 without a history row; keep it so the first edit has a "before".
async function ensureRevisionRow(tx: Tx, row: typeof policies.$inferSelect) {
  await tx
    .insert(policyRevisions)
    .values({ workspaceId: row.workspaceId, policyId: row.id, revision: row.revision, definition: row.definition })
    .onConflictDoNothing();
}

/** A new, empty policy: one default decision (deny), no rules. */
export async function createPolicy(ctx: WorkspaceCtx, input: z.input<typeof createPolicyInput>) {
  const { agent: agentIdOrSlug, key, name } = createPolicyInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const agent = await agentRef({ ...ctx, db: tx }, agentIdOrSlug);
    const definition = policySchema.parse({ key, name, version: 1, rules: [], defaultDecision: { decision: "deny", reason: "I can't do that under our policy." } });
    const [row] = await tx
      .insert(policies)
      .values({ workspaceId: ctx.workspace.id, agentId: agent.id, key, name, definition })
      .onConflictDoNothing()
      .returning({ id: policies.id });
    if (!row) throw conflict(`This agent already has a policy with the key ${key}`);
    await tx.insert(policyRevisions).values({ workspaceId: ctx.workspace.id, policyId: row.id, revision: 1, definition, authorId: ctx.userId });
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "policy.create", targetType: "policy", targetId: row.id, after: { definition } });
    return { id: row.id, key };
  });
}

/** Deletes a policy no tool is bound to (a bound write tool would otherwise be denied at every call). */
export async function deletePolicy(ctx: WorkspaceCtx, input: { agent: string; key: string }) {
  return ctx.db.transaction(async (tx) => {
    const agent = await agentRef({ ...ctx, db: tx }, input.agent);
    const bound = (await tx.select({ name: tools.name, definition: tools.definition }).from(tools).where(and(eq(tools.workspaceId, ctx.workspace.id), eq(tools.agentId, agent.id)))).filter(
      (t) => (t.definition as { policyKey?: string }).policyKey === input.key,
    );
    if (bound.length) throw conflict(`The tools ${bound.map((t) => t.name).join(", ")} are bound to this policy: unbind them first`);
    const [row] = await tx
      .delete(policies)
      .where(and(eq(policies.workspaceId, ctx.workspace.id), eq(policies.agentId, agent.id), eq(policies.key, input.key)))
      .returning();
    if (!row) throw notFound("Policy");
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "policy.delete", targetType: "policy", targetId: row.id, before: { definition: row.definition } });
  });
}

/**
 * Every computed fact (expressions and decision tables, each row's condition included) and every
 * expression in the rules must type-check against the agent's facts and the computed facts before it:
 * the first problem, named by fact (and row) or rule and place. Nothing is saved when there is one.
 */
function checkConditions(policy: Policy, catalogue: FactInfo[]) {
  const { types, problem } = computedFactTypes(policy.facts ?? [], catalogue);
  if (problem) throw invalid(computedFactProblemText(problem));
  const facts = [...catalogue, ...types];
  for (const rule of policy.rules) {
    const problem = conditionProblem(rule.when, facts, { customFacts: true });
    if (problem) throw invalid(`Rule ${rule.id}: ${problem}`);
  }
}
