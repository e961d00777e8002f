import "server-only";
import type { z } from "zod";
import { reviewQueues } from "@/db/schema";
import type { createQueueInput } from "@/lib/schemas/review-queues";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { checkQueueInput } from "./check-queue-input";
import { queueSnapshot } from "./find-queue";
import { backfillQueue } from "./sample-into-queues";

/** Creates a queue and takes in the matching ended conversations of the last 30 days, in one transaction. */
export async function createQueue(ctx: WorkspaceCtx, input: z.output<typeof createQueueInput>) {
  return ctx.db.transaction(async (tx) => {
    const checked = await checkQueueInput(tx, ctx, input);
    const [queue] = await tx
      .insert(reviewQueues)
      .values({ workspaceId: ctx.workspace.id, ...checked, createdBy: ctx.userId })
      .returning();
    const entered = await backfillQueue(tx, queue!);
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "review_queue.create", targetType: "review_queue", targetId: queue!.id, after: { ...queueSnapshot(queue!), entered } });
    return { ...queue!, entered };
  });
}
