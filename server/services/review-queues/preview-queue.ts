import "server-only";
import { and, count, gte } from "drizzle-orm";
import type { z } from "zod";
import { conversations } from "@/db/schema";
import { BACKFILL_DAYS, type previewQueueInput } from "@/lib/schemas/review-queues";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { queueMatch } from "./sample-into-queues";

/**
 * What the create/edit dialog shows as the filter and rule change: how many ended or idle conversations of the
 * last 30 days they match, and about how many the rate would take in. A filter naming a tag or criterion
 * the workspace does not have matches nothing.
 */
export async function previewQueue(ctx: WorkspaceCtx, input: z.output<typeof previewQueueInput>) {
  if (input.agentId) await getAgent(ctx, input.agentId);
  const since = new Date(Date.now() - BACKFILL_DAYS * 24 * 60 * 60 * 1000);
  const match = await queueMatch(ctx.db, { workspaceId: ctx.workspace.id, ...input, filter: input.filter as Record<string, unknown> });
  const [row] = match ? await ctx.db.select({ n: count() }).from(conversations).where(and(match, gte(conversations.createdAt, since))) : [{ n: 0 }];
  const matching = row!.n;
  return { days: BACKFILL_DAYS, matching, expected: Math.round((matching * input.rate) / 100) };
}
