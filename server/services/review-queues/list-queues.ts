import "server-only";
import { and, asc, count, eq, gt, inArray, sql } from "drizzle-orm";
import { agents, reviewQueueItems, reviewQueues, users } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";

/**
 * The workspace's queues by name, each with its counts (to do, done, skipped; `claimed`: to-do items
 * under a live claim), its agent's name, its assignees' names, and whether the caller may work it.
 */
export async function listQueues(ctx: WorkspaceCtx) {
  const queues = await ctx.db
    .select({ queue: reviewQueues, agentName: agents.name })
    .from(reviewQueues)
    .leftJoin(agents, and(eq(agents.id, reviewQueues.agentId), eq(agents.workspaceId, reviewQueues.workspaceId)))
    .where(eq(reviewQueues.workspaceId, ctx.workspace.id))
    .orderBy(asc(reviewQueues.name), asc(reviewQueues.id));
  const ids = queues.map((q) => q.queue.id);
  if (ids.length === 0) return [];
  const [counts, claimed, people] = await Promise.all([
    ctx.db
      .select({ queueId: reviewQueueItems.queueId, status: reviewQueueItems.status, n: count() })
      .from(reviewQueueItems)
      .where(inArray(reviewQueueItems.queueId, ids))
      .groupBy(reviewQueueItems.queueId, reviewQueueItems.status),
    ctx.db
      .select({ queueId: reviewQueueItems.queueId, n: count() })
      .from(reviewQueueItems)
      .where(and(inArray(reviewQueueItems.queueId, ids), eq(reviewQueueItems.status, "todo"), gt(reviewQueueItems.claimExpiresAt, sql`now()`)))
      .groupBy(reviewQueueItems.queueId),
    ctx.db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, [...new Set(queues.flatMap((q) => q.queue.assigneeIds)), ctx.userId])),
  ]);
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  return queues.map(({ queue, agentName }) => {
    const of = (status: string) => counts.find((c) => c.queueId === queue.id && c.status === status)?.n ?? 0;
    return {
      ...queue,
      agentName,
      assignees: queue.assigneeIds.map((id) => ({ id, name: nameOf.get(id) ?? "Former member" })),
      canWork: queue.assigneeIds.length === 0 || queue.assigneeIds.includes(ctx.userId),
      counts: { todo: of("todo"), done: of("done"), skipped: of("skipped"), claimed: claimed.find((c) => c.queueId === queue.id)?.n ?? 0 },
    };
  });
}
