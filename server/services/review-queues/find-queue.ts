import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { memberships, reviewQueueItems, reviewQueues, users } from "@/db/schema";
import { can, type Role } from "@/server/authz/permissions";
import { forbidden, invalid, notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

export type Queue = typeof reviewQueues.$inferSelect;
export type QueueItem = typeof reviewQueueItems.$inferSelect;

/** A queue of the caller's workspace; another workspace's (or a deleted) queue is NOT_FOUND. */
export async function findQueue(tx: Db | Tx, ctx: WorkspaceCtx, queueId: string): Promise<Queue> {
  const [queue] = await tx.select().from(reviewQueues).where(and(eq(reviewQueues.id, queueId), eq(reviewQueues.workspaceId, ctx.workspace.id)));
  if (!queue) throw notFound("Review queue");
  return queue;
}

/** An item of a queue of the caller's workspace, locked for the change that follows. */
export async function findItemForUpdate(tx: Tx, ctx: WorkspaceCtx, itemId: string): Promise<QueueItem> {
  const [item] = await tx
    .select()
    .from(reviewQueueItems)
    .where(and(eq(reviewQueueItems.id, itemId), eq(reviewQueueItems.workspaceId, ctx.workspace.id)))
    .for("update");
  if (!item) throw notFound("Review queue item");
  return item;
}

/** A queue with assignees is worked by them only. */
export function assertMayWork(ctx: WorkspaceCtx, queue: Queue) {
  if (queue.assigneeIds.length > 0 && !queue.assigneeIds.includes(ctx.userId))
    throw forbidden(`"${queue.name}" is assigned to particular reviewers and you are not one of them: ask an admin to add you`);
}

/** Assignees are members of the workspace who may review (owner, admin, reviewer); anything else is a clear error. */
export async function checkAssignees(tx: Db | Tx, workspaceId: string, assigneeIds: string[]): Promise<string[]> {
  const ids = [...new Set(assigneeIds)];
  if (ids.length === 0) return ids;
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.userId, ids)));
  const unknown = ids.filter((id) => !rows.some((r) => r.userId === id));
  if (unknown.length > 0) throw invalid(`Assignee ${unknown[0]} is not a member of this workspace: assign members of the workspace, or no one`);
  const cannot = rows.find((r) => !can(r.role as Role, "review:write"));
  if (cannot) throw invalid(`${cannot.name} cannot review (their role is ${cannot.role}): assign owners, admins or reviewers`);
  return ids;
}

/** What the audit log keeps of a queue. */
export const queueSnapshot = (q: Pick<Queue, "name" | "description" | "agentId" | "filter" | "ruleKind" | "ruleThreshold" | "rate" | "releaseNumber" | "assigneeIds">) => ({
  name: q.name,
  description: q.description,
  agentId: q.agentId,
  filter: q.filter,
  ruleKind: q.ruleKind,
  ruleThreshold: q.ruleThreshold,
  rate: q.rate,
  releaseNumber: q.releaseNumber,
  assigneeIds: q.assigneeIds,
});
