import "server-only";
import { and, desc, eq, lt } from "drizzle-orm";
import { auditLogs, users } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";

/** Newest first, keyset-paginated on created_at. */
export async function listAudit(ctx: WorkspaceCtx, input: { before?: Date; limit?: number }) {
  const limit = Math.min(input.limit ?? 50, 200);
  const rows = await ctx.db
    .select({
      id: auditLogs.id,
      action: auditLogs.action,
      targetType: auditLogs.targetType,
      targetId: auditLogs.targetId,
      before: auditLogs.before,
      after: auditLogs.after,
      createdAt: auditLogs.createdAt,
      actorId: auditLogs.actorId,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditLogs)
    .leftJoin(users, eq(users.id, auditLogs.actorId))
    .where(and(eq(auditLogs.workspaceId, ctx.workspace.id), input.before ? lt(auditLogs.createdAt, input.before) : undefined))
    .orderBy(desc(auditLogs.createdAt))
    .limit(limit + 1);
  return { items: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1]!.createdAt : null };
}
