import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { agents } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

export interface AgentRef {
  id: string;
  slug: string;
  settings: Record<string, unknown>;
  persona: unknown;
}

/** An agent by id or slug inside the caller's workspace; another workspace's agent is not found. */
export async function agentRef(ctx: { db: Db | Tx; workspace: WorkspaceCtx["workspace"] }, idOrSlug: string): Promise<AgentRef> {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrSlug);
  const [agent] = await ctx.db
    .select({ id: agents.id, slug: agents.slug, settings: agents.settings, persona: agents.persona })
    .from(agents)
    .where(and(eq(agents.workspaceId, ctx.workspace.id), byId ? eq(agents.id, idOrSlug) : eq(agents.slug, idOrSlug)))
    .limit(1);
  if (!agent) throw notFound("Agent");
  return { ...agent, settings: agent.settings ?? {} };
}
