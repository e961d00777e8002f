import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { reviewQueueItems } from "@/db/schema";
import type { queueItemIdInput } from "@/lib/schemas/review-queues";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { findItemForUpdate } from "./find-queue";
import { claimedByOther, heldByOther } from "./finish-item";

/** Gives back the caller's claim: the item is the next reviewer's at once, not in 10 minutes. */
export async function releaseItem(ctx: WorkspaceCtx, input: z.output<typeof queueItemIdInput>) {
  return ctx.db.transaction(async (tx) => {
    const item = await findItemForUpdate(tx, ctx, input.itemId);
    if (item.status !== "todo") throw conflict(`This item is already ${item.status}: there is no claim to release`);
    if (heldByOther(ctx, item)) throw await claimedByOther(tx, item);
    if (item.claimedBy !== ctx.userId) throw conflict("You do not hold this item: there is no claim of yours to release");
    const [row] = await tx
      .update(reviewQueueItems)
      .set({ claimedBy: null, claimExpiresAt: null })
      .where(and(eq(reviewQueueItems.id, item.id), eq(reviewQueueItems.workspaceId, ctx.workspace.id)))
      .returning();
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "review_queue.release", targetType: "review_queue_item", targetId: item.id, after: { queueId: item.queueId, conversationId: item.conversationId } });
    return row!;
  });
}
