import { createQueueInput, previewQueueInput, queueIdInput, queueItemIdInput, queueItemsInput, updateQueueInput } from "@/lib/schemas/review-queues";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { completeItem } from "@/server/services/review-queues/complete-item";
import { createQueue } from "@/server/services/review-queues/create-queue";
import { deleteQueue } from "@/server/services/review-queues/delete-queue";
import { listItems } from "@/server/services/review-queues/list-items";
import { listQueues } from "@/server/services/review-queues/list-queues";
import { nextItem } from "@/server/services/review-queues/next-item";
import { previewQueue } from "@/server/services/review-queues/preview-queue";
import { releaseItem } from "@/server/services/review-queues/release-item";
import { skipItem } from "@/server/services/review-queues/skip-item";
import { updateQueue } from "@/server/services/review-queues/update-queue";

// Everyone who reads conversations sees the queues and their counts; defining them needs "review:queues"
// (owners, admins); working their items "review:write" (owners, admins, reviewers), and the queue's
// assignees only when it has some (checked in the service).
const read = requirePermission("conversations:read");
const define = requirePermission("review:queues");
const work = requirePermission("review:write");

export const reviewQueuesRouter = createTRPCRouter({
  list: read.query(({ ctx }) => listQueues(ctx)),
  preview: define.input(previewQueueInput).query(({ ctx, input }) => previewQueue(ctx, input)),
  create: define.input(createQueueInput).mutation(({ ctx, input }) => createQueue(ctx, input)),
  update: define.input(updateQueueInput).mutation(({ ctx, input }) => updateQueue(ctx, input)),
  delete: define.input(queueIdInput).mutation(({ ctx, input }) => deleteQueue(ctx, input)),
  next: work.input(queueIdInput).mutation(({ ctx, input }) => nextItem(ctx, input)),
  complete: work.input(queueItemIdInput).mutation(({ ctx, input }) => completeItem(ctx, input)),
  skip: work.input(queueItemIdInput).mutation(({ ctx, input }) => skipItem(ctx, input)),
  release: work.input(queueItemIdInput).mutation(({ ctx, input }) => releaseItem(ctx, input)),
  items: read.input(queueItemsInput).query(({ ctx, input }) => listItems(ctx, input)),
});
