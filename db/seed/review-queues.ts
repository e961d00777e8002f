import "server-only";
import { createQueueInput } from "@/lib/schemas/review-queues";
import type { WorkspaceCtx } from "@/server/services/context";
import { createQueue } from "@/server/services/review-queues/create-queue";

// The demo's review queues, made through the studio's own service once the history exists: each takes in
// the last 30 days' ended conversations it matches at once (its backfill), as a brand's new queue would.
export const demoQueues = [
  { name: "Escalations", description: "Every conversation handed to a person: was the handoff needed, and was the summary right?", ruleKind: "escalated" },
  { name: "Policy denials", description: "Every conversation where the policy gate denied a write or a guardrail blocked a message.", ruleKind: "policy_denial_or_guardrail" },
  { name: "Resolved sample", description: "A 10 % sample of resolved conversations, to catch what the agent got wrong while sounding right.", ruleKind: "all", rate: 10, filter: { status: "resolved" } },
] as const;

export async function seedDemoQueues(ctx: WorkspaceCtx): Promise<void> {
  for (const queue of demoQueues) await createQueue(ctx, createQueueInput.parse(queue));
}
