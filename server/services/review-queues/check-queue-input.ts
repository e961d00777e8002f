import "server-only";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import type { createQueueInput } from "@/lib/schemas/review-queues";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { conversationFilters } from "@/server/services/conversations/list-conversations";
import { checkAssignees } from "./find-queue";

/**
 * A queue's fields as stored: its agent, the tag and criterion of its filter must be the workspace's
 * (NOT_FOUND otherwise), its assignees members who review; the threshold only for `ai_score_below`.
 */
export async function checkQueueInput(tx: Tx, ctx: WorkspaceCtx, input: z.output<typeof createQueueInput>) {
  if (input.agentId) await getAgent({ ...ctx, db: tx }, input.agentId);
  await conversationFilters(tx, ctx.workspace.id, input.filter);
  const assigneeIds = await checkAssignees(tx, ctx.workspace.id, input.assigneeIds);
  return {
    name: input.name,
    description: input.description,
    agentId: input.agentId,
    filter: input.filter as Record<string, unknown>,
    ruleKind: input.ruleKind,
    ruleThreshold: input.ruleKind === "ai_score_below" ? input.ruleThreshold : null,
    rate: input.rate,
    releaseNumber: input.releaseNumber,
    assigneeIds,
  };
}
