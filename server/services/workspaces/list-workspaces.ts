import "server-only";
import { asc, eq } from "drizzle-orm";
import { memberships, workspaces } from "@/db/schema";
import type { UserCtx } from "@/server/services/context";

export async function listWorkspaces(ctx: UserCtx) {
  return ctx.db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, ctx.userId))
    .orderBy(asc(workspaces.name));
}
