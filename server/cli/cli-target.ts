import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, workspaces } from "@/db/schema";
import { demo } from "@/db/seed/demo";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

export interface CliTarget {
  agentSlug: string;
  /** Defaults to the demo workspace. */
  workspaceSlug?: string;
}

/**
 * The workspace and agent a command acts on. The CLI has shell access to the database, so it acts as no
 * signed-in user: audit rows and releases it writes have no actor (as `apikey create`'s do).
 */
export async function resolveCliTarget(db: Db, target: CliTarget): Promise<{ ctx: WorkspaceCtx; agentId: string }> {
  const slug = target.workspaceSlug ?? demo.workspaceSlug;
  const [workspace] = await db.select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name }).from(workspaces).where(eq(workspaces.slug, slug)).limit(1);
  if (!workspace) throw notFound(`Workspace ${slug}`);
  const [agent] = await db
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.workspaceId, workspace.id), eq(agents.slug, target.agentSlug)))
    .limit(1);
  if (!agent) throw notFound(`Agent ${target.agentSlug} in workspace ${slug}`);
  return { ctx: { db, userId: null as unknown as string, workspace, role: "owner" }, agentId: agent.id };
}
