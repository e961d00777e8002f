import "server-only";
import { and, asc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { conversations, reviewQueueItems } from "@/db/schema";
import { CLAIM_LEASE_MS, type queueIdInput } from "@/lib/schemas/review-queues";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { assertMayWork, findQueue, type QueueItem } from "./find-queue";

/**
 * The caller's item of a queue: the one they already hold under a live claim, or else the oldest to-do
 * item nobody holds (or whose claim ran out), claimed for 10 minutes in one UPDATE whose target row is
 * picked with FOR UPDATE SKIP LOCKED, so two reviewers never get the same item. Null when nothing is left.
 */
export async function nextItem(ctx: WorkspaceCtx, input: z.output<typeof queueIdInput>) {
  const queue = await findQueue(ctx.db, ctx, input.queueId);
  assertMayWork(ctx, queue);
  const held = await ctx.db
    .select()
    .from(reviewQueueItems)
    .where(and(eq(reviewQueueItems.queueId, queue.id), eq(reviewQueueItems.status, "todo"), eq(reviewQueueItems.claimedBy, ctx.userId), gt(reviewQueueItems.claimExpiresAt, sql`now()`)))
    .orderBy(asc(reviewQueueItems.createdAt), asc(reviewQueueItems.id))
    .limit(1);
  let item: QueueItem | undefined = held[0];
  // Under READ COMMITTED a row claimed by a transaction that commits while this one waits is re-checked
  // and dropped, leaving the subquery empty although other items are free: try again, a few times.
  for (let attempt = 0; !item && attempt < 3; attempt++) {
    item = await ctx.db.transaction(async (tx) => {
      const claimed = await claim(tx, ctx, queue.id);
      if (claimed)
        await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "review_queue.claim", targetType: "review_queue_item", targetId: claimed.id, after: { queueId: queue.id, conversationId: claimed.conversationId } });
      return claimed;
    });
    if (!item && !(await anyFree(ctx, queue.id))) break;
  }
  if (!item) return null;
  const [conversation] = await ctx.db
    .select({ id: conversations.id, agentId: conversations.agentId, status: conversations.status, channel: conversations.channel, createdAt: conversations.createdAt })
    .from(conversations)
    .where(and(eq(conversations.id, item.conversationId), eq(conversations.workspaceId, ctx.workspace.id)));
  return { item, conversation: conversation! };
}

async function claim(tx: Tx, ctx: WorkspaceCtx, queueId: string): Promise<QueueItem | undefined> {
  const [row] = await tx
    .update(reviewQueueItems)
    .set({ claimedBy: ctx.userId, claimExpiresAt: sql`now() + ${`${CLAIM_LEASE_MS} milliseconds`}::interval` })
    .where(
      eq(
        reviewQueueItems.id,
        sql`(select i.id from review_queue_items i
              where i.queue_id = ${queueId} and i.status = 'todo' and (i.claimed_by is null or i.claim_expires_at <= now())
              order by i.created_at, i.id limit 1 for update skip locked)`,
      ),
    )
    .returning();
  return row;
}

async function anyFree(ctx: WorkspaceCtx, queueId: string) {
  const [row] = await ctx.db
    .select({ id: reviewQueueItems.id })
    .from(reviewQueueItems)
    .where(and(eq(reviewQueueItems.queueId, queueId), eq(reviewQueueItems.status, "todo"), or(isNull(reviewQueueItems.claimedBy), lte(reviewQueueItems.claimExpiresAt, sql`now()`))))
    .limit(1);
  return !!row;
}
