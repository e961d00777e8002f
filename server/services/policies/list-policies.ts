import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import { policies, policyRevisions, tools, users } from "@/db/schema";
import { type Policy, policySchema } from "@/lib/schemas/policy";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { agentRef } from "./agent-ref";

/** The agent's policies with what the list shows: rules, default, which write tools are bound to each. */
export async function listPolicies(ctx: WorkspaceCtx, input: { agent: string }) {
  const agent = await agentRef(ctx, input.agent);
  const [rows, toolRows] = await Promise.all([
    ctx.db.select().from(policies).where(and(eq(policies.workspaceId, ctx.workspace.id), eq(policies.agentId, agent.id))).orderBy(asc(policies.name)),
    ctx.db.select({ name: tools.name, definition: tools.definition }).from(tools).where(and(eq(tools.workspaceId, ctx.workspace.id), eq(tools.agentId, agent.id))),
  ]);
  return rows.map((p) => {
    const def = p.definition as Policy;
    return {
      id: p.id,
      key: p.key,
      name: p.name,
      revision: p.revision,
      updatedAt: p.updatedAt,
      ruleCount: def.rules?.length ?? 0,
      defaultDecision: def.defaultDecision?.decision,
      tools: toolRows.filter((t) => (t.definition as { policyKey?: string }).policyKey === p.key).map((t) => t.name),
    };
  });
}

/** One policy as saved, and its revision history (newest first) for the diff. */
export async function getPolicy(ctx: WorkspaceCtx, input: { agent: string; key: string }) {
  const agent = await agentRef(ctx, input.agent);
  const [row] = await ctx.db
    .select()
    .from(policies)
    .where(and(eq(policies.workspaceId, ctx.workspace.id), eq(policies.agentId, agent.id), eq(policies.key, input.key)))
    .limit(1);
  if (!row) throw notFound("Policy");
  const revisions = await ctx.db
    .select({ revision: policyRevisions.revision, definition: policyRevisions.definition, createdAt: policyRevisions.createdAt, author: users.name })
    .from(policyRevisions)
    .leftJoin(users, eq(users.id, policyRevisions.authorId))
    .where(and(eq(policyRevisions.workspaceId, ctx.workspace.id), eq(policyRevisions.policyId, row.id)))
    // Every revision: the editor diffs any two of them.
    .orderBy(desc(policyRevisions.revision));
  return {
    id: row.id,
    agentId: agent.id,
    key: row.key,
    name: row.name,
    revision: row.revision,
    updatedAt: row.updatedAt,
    definition: policySchema.parse(row.definition),
    revisions: revisions.map((r) => ({ ...r, definition: policySchema.parse(r.definition) })),
  };
}
