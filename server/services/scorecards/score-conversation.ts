import "server-only";
import type { z } from "zod";
import type { scoreConversationInput } from "@/lib/schemas/scorecards";
import { isOnScale, valuesOf } from "@/lib/scorecards/scale";
import { invalid } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { authorName, findTarget } from "@/server/services/review/find-target";
import { findCriterion } from "./find-criterion";
import { saveScore } from "./save-score";

/** A person scores one criterion on a conversation (or clears it with `value: null`), replacing the current human score. */
export async function scoreConversation(ctx: WorkspaceCtx, input: z.output<typeof scoreConversationInput>) {
  return ctx.db.transaction(async (tx) => {
    const { conversation } = await findTarget(tx, ctx, input);
    const criterion = await findCriterion(tx, ctx, input.criterionId);
    if (criterion.archivedAt) throw invalid(`"${criterion.name}" is archived: restore it under Settings › Scorecard to score it`);
    if (criterion.scorer === "ai") throw invalid(`"${criterion.name}" is scored by the AI only: run Score with AI`);
    if (input.value !== null && !isOnScale(criterion, input.value)) {
      throw invalid(`"${input.value}" is not on the scale of "${criterion.name}": pick one of ${valuesOf(criterion).join(", ")}`);
    }
    const row = await saveScore(tx, ctx, {
      conversationId: conversation.id,
      criterion,
      kind: "human",
      value: input.value,
      authorId: ctx.userId,
      authorName: await authorName(tx, ctx.userId),
    });
    return { criterionId: criterion.id, value: row?.value ?? null };
  });
}
