import "server-only";
import { and, eq } from "drizzle-orm";
import { memberships, users } from "@/db/schema";
import { can } from "@/server/authz/permissions";
import { invalid } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

/** A member of this workspace who may work the inbox: the only people a conversation can be assigned to. */
export async function findInboxMember(ctx: WorkspaceCtx, userId: string): Promise<{ id: string; name: string }> {
  const [row] = await ctx.db
    .select({ id: users.id, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, userId)));
  if (!row) throw invalid("That person is not a member of this workspace: pick someone from the team");
  if (!can(row.role, "inbox:work")) throw invalid(`${row.name} cannot work the inbox (their role is ${row.role}): pick a human agent or an admin`);
  return { id: row.id, name: row.name };
}
