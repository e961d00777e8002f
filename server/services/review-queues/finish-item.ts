import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { reviewQueueItems, users } from "@/db/schema";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { assertMayWork, findItemForUpdate, findQueue, type QueueItem } from "./find-queue";

/** Whether someone other than the caller holds the item under a claim that has not run out. */
export function heldByOther(ctx: WorkspaceCtx, item: QueueItem, now = new Date()) {
  return !!item.claimedBy && item.claimedBy !== ctx.userId && !!item.claimExpiresAt && item.claimExpiresAt > now;
}

/** The CONFLICT for an item someone else holds: who, until when, and what to do instead. */
export async function claimedByOther(tx: Tx, item: QueueItem) {
  const [holder] = await tx.select({ name: users.name }).from(users).where(eq(users.id, item.claimedBy!));
  const until = item.claimExpiresAt!.toISOString().slice(11, 16);
  return conflict(`${holder?.name ?? "Another reviewer"} is working on this item (claimed until ${until} UTC): take the next item instead`);
}

/**
 * Marks a to-do item done or skipped by the caller. The caller may finish an item they hold, or one no
 * one holds (the claimer and the completer are kept apart); another reviewer's live claim is CONFLICT.
 */
export async function finishItem(ctx: WorkspaceCtx, itemId: string, status: "done" | "skipped") {
  return ctx.db.transaction(async (tx) => {
    const item = await findItemForUpdate(tx, ctx, itemId);
    assertMayWork(ctx, await findQueue(tx, ctx, item.queueId));
    if (item.status !== "todo") throw conflict(`This item is already ${item.status}: take the next item instead`);
    if (heldByOther(ctx, item)) throw await claimedByOther(tx, item);
    const [row] = await tx
      .update(reviewQueueItems)
      .set({ status, completedBy: ctx.userId, completedAt: sql`now()`, claimExpiresAt: null })
      .where(and(eq(reviewQueueItems.id, item.id), eq(reviewQueueItems.workspaceId, ctx.workspace.id)))
      .returning();
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: status === "done" ? "review_queue.complete" : "review_queue.skip",
      targetType: "review_queue_item",
      targetId: item.id,
      before: { status: item.status, claimedBy: item.claimedBy },
      after: { status, queueId: item.queueId, conversationId: item.conversationId },
    });
    return row!;
  });
}
