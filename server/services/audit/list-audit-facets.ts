import "server-only";
import { asc, eq } from "drizzle-orm";
import { auditLogs, users } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";

/** What the audit log's filters offer: the actions, target types and actors that occur in this workspace. */
export async function listAuditFacets(ctx: WorkspaceCtx) {
  const inWorkspace = eq(auditLogs.workspaceId, ctx.workspace.id);
  const [actions, targetTypes, actors] = await Promise.all([
    ctx.db.selectDistinct({ action: auditLogs.action }).from(auditLogs).where(inWorkspace).orderBy(asc(auditLogs.action)),
    ctx.db.selectDistinct({ targetType: auditLogs.targetType }).from(auditLogs).where(inWorkspace).orderBy(asc(auditLogs.targetType)),
    ctx.db
      .selectDistinct({ id: users.id, name: users.name, email: users.email })
      .from(auditLogs)
      .innerJoin(users, eq(users.id, auditLogs.actorId))
      .where(inWorkspace)
      .orderBy(asc(users.name), asc(users.email), asc(users.id)),
  ]);
  return { actions: actions.map((a) => a.action), targetTypes: targetTypes.map((t) => t.targetType), actors };
}
