import "server-only";
import { and, count, eq } from "drizzle-orm";
import type { z } from "zod";
import { reviewQueueItems, reviewQueues } from "@/db/schema";
import type { queueIdInput } from "@/lib/schemas/review-queues";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { findQueue, queueSnapshot } from "./find-queue";

/** Deletes a queue and its items (the scores, tags and notes written while working it stay on the conversations). */
export async function deleteQueue(ctx: WorkspaceCtx, input: z.output<typeof queueIdInput>) {
  return ctx.db.transaction(async (tx) => {
    const queue = await findQueue(tx, ctx, input.queueId);
    const [items] = await tx.select({ n: count() }).from(reviewQueueItems).where(eq(reviewQueueItems.queueId, queue.id));
    await tx.delete(reviewQueues).where(and(eq(reviewQueues.id, queue.id), eq(reviewQueues.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "review_queue.delete", targetType: "review_queue", targetId: queue.id, before: { ...queueSnapshot(queue), items: items!.n } });
    return { id: queue.id, removedItems: items!.n };
  });
}
