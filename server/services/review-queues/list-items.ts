import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { agents, conversations, reviewQueueItems, users } from "@/db/schema";
import type { queueItemsInput } from "@/lib/schemas/review-queues";
import type { WorkspaceCtx } from "@/server/services/context";
import { findQueue } from "./find-queue";

/** A queue's done or skipped items, most recently finished first, with who finished them and the conversation's opening line. */
export async function listItems(ctx: WorkspaceCtx, input: z.output<typeof queueItemsInput>) {
  const queue = await findQueue(ctx.db, ctx, input.queueId);
  return ctx.db
    .select({
      id: reviewQueueItems.id,
      conversationId: reviewQueueItems.conversationId,
      agentSlug: agents.slug,
      status: reviewQueueItems.status,
      completedAt: reviewQueueItems.completedAt,
      completedBy: users.name,
      conversationStatus: conversations.status,
      preview: sql<string | null>`(select m.text from messages m where m.conversation_id = conversations.id and m.role = 'customer' order by m.created_at limit 1)`,
    })
    .from(reviewQueueItems)
    .innerJoin(conversations, and(eq(conversations.id, reviewQueueItems.conversationId), eq(conversations.workspaceId, reviewQueueItems.workspaceId)))
    .innerJoin(agents, and(eq(agents.id, conversations.agentId), eq(agents.workspaceId, conversations.workspaceId)))
    .leftJoin(users, eq(users.id, reviewQueueItems.completedBy))
    .where(and(eq(reviewQueueItems.queueId, queue.id), eq(reviewQueueItems.status, input.status)))
    .orderBy(desc(reviewQueueItems.completedAt), desc(reviewQueueItems.id))
    .limit(input.limit);
}
