import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { reviewQueues } from "@/db/schema";
import type { updateQueueInput } from "@/lib/schemas/review-queues";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { checkQueueInput } from "./check-queue-input";
import { findQueue, queueSnapshot } from "./find-queue";
import { backfillQueue } from "./sample-into-queues";

/**
 * Changes a queue. Items already in it stay (done work is never lost); the last 30 days' ended
 * conversations the new filter and rule take are added, as on creation.
 */
export async function updateQueue(ctx: WorkspaceCtx, input: z.output<typeof updateQueueInput>) {
  return ctx.db.transaction(async (tx) => {
    const before = await findQueue(tx, ctx, input.queueId);
    const checked = await checkQueueInput(tx, ctx, input);
    const [queue] = await tx
      .update(reviewQueues)
      .set({ ...checked, updatedAt: new Date() })
      .where(and(eq(reviewQueues.id, before.id), eq(reviewQueues.workspaceId, ctx.workspace.id)))
      .returning();
    const entered = await backfillQueue(tx, queue!);
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "review_queue.update",
      targetType: "review_queue",
      targetId: before.id,
      before: queueSnapshot(before),
      after: { ...queueSnapshot(queue!), entered },
    });
    return { ...queue!, entered };
  });
}
