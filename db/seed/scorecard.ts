import "server-only";
import type { z } from "zod";
import type { createCriterionInput } from "@/lib/schemas/scorecards";
import type { WorkspaceCtx } from "@/server/services/context";
import { createCriterion } from "@/server/services/scorecards/create-criterion";

// The demo's scorecard, defined through the studio's own service. Each AI-scored criterion has an AI
// rubric the local judge can grade (`contains:` / `not_contains:` lines, which an LLM judge reads as
// well); its description is what a reviewer checks, and what an LLM judge reads when there is no rubric.
export const demoCriteria: z.input<typeof createCriterionInput>[] = [
  {
    name: "Resolved correctly",
    description: "The customer got what they asked for, or a correct answer why not: the right order, the right action, nothing left hanging.",
    aiRubric: "not_contains: I couldn't find\nnot_contains: I don't know the answer",
    scale: "pass_fail",
    scorer: "both",
  },
  {
    name: "Policy followed",
    description: "Only what the store's policies allow: identity verified before account details, a confirmation before any change, no refund or promise outside policy.",
    aiRubric: "not_contains: I'll refund you\nnot_contains: is guaranteed",
    scale: "pass_fail",
    scorer: "both",
  },
  {
    name: "On-brand tone",
    description: "Sounds like Sam: friendly, clear and brief; no blame, no jargon, no robotic repetition.",
    aiRubric: "contains: happy to help\nnot_contains: I'm sorry, I don't know\nnot_contains: I couldn't\nnot_contains: as an AI",
    scale: "one_to_five",
    scorer: "both",
  },
  {
    name: "Facts grounded",
    description: "Every fact stated (order status, items, amounts, dates, policy) came from the store's records or the help centre; nothing made up.",
    aiRubric: "not_contains: guaranteed\nnot_contains: refunded immediately",
    scale: "pass_fail",
    scorer: "ai",
  },
  {
    name: "Escalated when it should have",
    description: "Handed to a person when the customer asked, was upset, or the request was beyond the agent — and only then.",
    scale: "choice",
    options: ["Escalated, rightly", "Should have escalated", "Escalated needlessly", "No need to escalate"],
    scorer: "human",
  },
];

export async function seedDemoScorecard(ctx: WorkspaceCtx): Promise<void> {
  for (const criterion of demoCriteria) {
    await createCriterion(ctx, { description: "", aiRubric: "", options: [], ...criterion });
  }
}
