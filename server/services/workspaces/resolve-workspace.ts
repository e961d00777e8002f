import "server-only";
import { and, eq } from "drizzle-orm";
import { memberships, workspaces } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { UserCtx, WorkspaceCtx } from "@/server/services/context";

/** The caller's view of a workspace. A workspace they are not a member of does not exist for them. */
export async function resolveWorkspace(ctx: UserCtx, slug: string): Promise<WorkspaceCtx> {
  const [row] = await ctx.db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: memberships.role })
    .from(workspaces)
    .innerJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), eq(memberships.userId, ctx.userId)))
    .where(eq(workspaces.slug, slug))
    .limit(1);
  if (!row) throw notFound("Workspace");
  const { role, ...workspace } = row;
  return { ...ctx, workspace, role };
}
