import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { messages, scoreCriteria } from "@/db/schema";
import { valueFromVerdict } from "@/lib/scorecards/scale";
import type { JudgeInput } from "@/server/agent/models/types";
import { invalid } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { resolveModels } from "@/server/services/model-settings/resolve-models";
import { readWorkspaceSettings } from "@/server/services/model-settings/workspace-settings";
import { findTarget } from "@/server/services/review/find-target";
import { secretResolver } from "@/server/services/secrets/secrets";
import type { Criterion } from "./find-criterion";
import { saveScore } from "./save-score";

/**
 * The workspace's judge model grades the conversation on every criterion the AI scores (ai or both;
 * choices excepted), replacing the current AI scores. A criterion the judge cannot grade (local models
 * read only `contains:` / `not_contains:` rubric lines) is skipped with the reason, not scored.
 */
export async function scoreWithAi(ctx: WorkspaceCtx, input: { conversationId: string }) {
  const { conversation } = await findTarget(ctx.db, ctx, input);
  const [criteria, transcript] = await Promise.all([
    ctx.db
      .select()
      .from(scoreCriteria)
      .where(and(eq(scoreCriteria.workspaceId, ctx.workspace.id), isNull(scoreCriteria.archivedAt), inArray(scoreCriteria.scorer, ["ai", "both"])))
      .orderBy(asc(scoreCriteria.position)),
    readTranscript(ctx, conversation.id),
  ]);
  const graded = (criteria as Criterion[]).filter((c) => c.scale !== "choice");
  if (graded.length === 0) throw invalid("No criterion is scored by the AI: set one to AI or both under Settings › Scorecard");
  if (transcript.length === 0) throw invalid("This conversation has no messages to score");

  // Resolved as the runtime resolves them: local models, or the workspace's provider with its secret.
  const settings = await readWorkspaceSettings(ctx.db, ctx.workspace.id);
  const { models } = await resolveModels(settings.model, secretResolver(ctx.db, ctx.workspace.id), { allowHosts: settings.allowedHosts });
  const judgeName = settings.model.kind === "llm" ? settings.model.chatModel : "local judge";
  // The judge calls run before the transaction: a slow provider holds no lock.
  const verdicts = await Promise.all(graded.map((c) => models.judge({ rubric: c.aiRubric || c.description || c.name, transcript })));

  return ctx.db.transaction(async (tx) => {
    const scored: { criterionId: string; name: string; value: string; rationale: string }[] = [];
    const skipped: { criterionId: string; name: string; reason: string }[] = [];
    for (const [i, criterion] of graded.entries()) {
      const verdict = verdicts[i]!;
      const value = verdict.undecided ? null : valueFromVerdict(criterion.scale, verdict);
      if (value === null) {
        skipped.push({ criterionId: criterion.id, name: criterion.name, reason: verdict.reasoning });
        continue;
      }
      await saveScore(tx, ctx, { conversationId: conversation.id, criterion, kind: "ai", value, authorId: null, authorName: judgeName, rationale: verdict.reasoning });
      scored.push({ criterionId: criterion.id, name: criterion.name, value, rationale: verdict.reasoning });
    }
    return { judge: judgeName, scored, skipped };
  });
}

/** What the judge reads: the customer's messages and the replies (the AI's and a person's), in order. */
async function readTranscript(ctx: WorkspaceCtx, conversationId: string): Promise<JudgeInput["transcript"]> {
  const rows = await ctx.db
    .select({ role: messages.role, text: messages.text })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.workspaceId, ctx.workspace.id), inArray(messages.role, ["customer", "agent", "human"])))
    .orderBy(asc(messages.turn), asc(messages.createdAt));
  return rows.map((m) => ({ role: m.role === "customer" ? "customer" : "agent", text: m.text }));
}
