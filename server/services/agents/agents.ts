import "server-only";
import { and, asc, eq, like } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { agents } from "@/db/schema";
import { createAgentInput, updateAgentInput } from "@/lib/schemas/agent";
import { defaultPersona } from "@/lib/schemas/persona";
import { nextFreeSlug, slugify } from "@/lib/schemas/workspace";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

const agentColumns = {
  id: agents.id,
  slug: agents.slug,
  name: agents.name,
  description: agents.description,
  persona: agents.persona,
  updatedAt: agents.updatedAt,
};

export async function listAgents(ctx: WorkspaceCtx) {
  return ctx.db.select(agentColumns).from(agents).where(eq(agents.workspaceId, ctx.workspace.id)).orderBy(asc(agents.name));
}

/** By id or slug, always inside the caller's workspace. */
export async function getAgent(ctx: WorkspaceCtx, idOrSlug: string) {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrSlug);
  const [agent] = await ctx.db
    .select(agentColumns)
    .from(agents)
    .where(and(eq(agents.workspaceId, ctx.workspace.id), byId ? eq(agents.id, idOrSlug) : eq(agents.slug, idOrSlug)))
    .limit(1);
  if (!agent) throw notFound("Agent");
  return agent;
}

/** An agent's settings (webhook, knowledge, store...), inside the caller's workspace; also in a transaction. */
export async function agentSettings(ctx: Pick<WorkspaceCtx, "workspace"> & { db: WorkspaceCtx["db"] | Tx }, agentId: string) {
  const [agent] = await ctx.db
    .select({ settings: agents.settings })
    .from(agents)
    .where(and(eq(agents.id, agentId), eq(agents.workspaceId, ctx.workspace.id)))
    .limit(1);
  if (!agent) throw notFound("Agent");
  return agent.settings;
}

/** A new agent; its slug is `opts.slug` (or the name's), with a suffix when the workspace has it already. */
export async function createAgent(ctx: WorkspaceCtx, input: z.input<typeof createAgentInput>, opts: { slug?: string } = {}) {
  const { name, description, persona } = createAgentInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const slug = await freeAgentSlug(tx, ctx.workspace.id, slugify(opts.slug ?? name));
    const [agent] = await tx
      .insert(agents)
      .values({ workspaceId: ctx.workspace.id, slug, name, description, persona: persona ?? { ...defaultPersona, agentName: name } })
      .returning(agentColumns);
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "agent.create",
      targetType: "agent",
      targetId: agent!.id,
      after: { name, description, persona: agent!.persona },
    });
    return agent!;
  });
}

export async function updateAgent(ctx: WorkspaceCtx, input: z.input<typeof updateAgentInput>) {
  const { agentId, ...changes } = updateAgentInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const before = await getAgent({ ...ctx, db: tx }, agentId);
    const [agent] = await tx
      .update(agents)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(agents.id, agentId), eq(agents.workspaceId, ctx.workspace.id)))
      .returning(agentColumns);
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "agent.update",
      targetType: "agent",
      targetId: agentId,
      before: pick(before, changes),
      after: changes,
    });
    return agent!;
  });
}

export async function deleteAgent(ctx: WorkspaceCtx, input: { agentId: string }) {
  return ctx.db.transaction(async (tx) => {
    const before = await getAgent({ ...ctx, db: tx }, input.agentId);
    await tx.delete(agents).where(and(eq(agents.id, input.agentId), eq(agents.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "agent.delete",
      targetType: "agent",
      targetId: input.agentId,
      before: { name: before.name, description: before.description, persona: before.persona },
    });
  });
}

function pick<T extends object>(from: T, keysOf: object): Partial<T> {
  return Object.fromEntries(Object.keys(keysOf).map((k) => [k, from[k as keyof T]])) as Partial<T>;
}

async function freeAgentSlug(tx: Tx, workspaceId: string, base: string) {
  const rows = await tx
    .select({ slug: agents.slug })
    .from(agents)
    .where(and(eq(agents.workspaceId, workspaceId), like(agents.slug, `${base}%`)));
  return nextFreeSlug(base, new Set(rows.map((r) => r.slug)));
}
