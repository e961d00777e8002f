import "server-only";
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { auditLogs, users } from "@/db/schema";
import type { AuditFilters } from "@/lib/schemas/audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { nameAuditTargets } from "./name-audit-targets";

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

/** The SQL for the audit log's filters; `to` is inclusive, so it compares with the start of the next day. */
function filterConditions(f: AuditFilters): (SQL | undefined)[] {
  return [
    f.actorId ? eq(auditLogs.actorId, f.actorId) : undefined,
    f.action ? eq(auditLogs.action, f.action) : undefined,
    f.targetType ? eq(auditLogs.targetType, f.targetType) : undefined,
    f.targetId ? eq(auditLogs.targetId, f.targetId) : undefined,
    f.from ? gte(auditLogs.createdAt, new Date(`${f.from}T00:00:00Z`)) : undefined,
    f.to ? lt(auditLogs.createdAt, dayAfter(f.to)) : undefined,
  ];
}

/** Newest first, keyset-paginated on created_at, filtered, with each target's name. */
export async function listAudit(ctx: WorkspaceCtx, input: AuditFilters & { before?: Date; limit?: number }) {
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
    .where(and(eq(auditLogs.workspaceId, ctx.workspace.id), input.before ? lt(auditLogs.createdAt, input.before) : undefined, ...filterConditions(input)))
    .orderBy(desc(auditLogs.createdAt))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const names = await nameAuditTargets(ctx, items);
  return {
    items: items.map((item, i) => ({ ...item, targetName: names[i] ?? null })),
    nextBefore: rows.length > limit ? rows[limit - 1]!.createdAt : null,
  };
}
