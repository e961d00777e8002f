import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversationScores } from "@/db/schema";
import type { ScoreKind } from "@/lib/schemas/scorecards";
import { pointsOf } from "@/lib/scorecards/scale";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import type { Criterion } from "./find-criterion";

export interface ScoreToSave {
  conversationId: string;
  criterion: Criterion;
  kind: ScoreKind;
  /** The value, already checked against the criterion's scale; null clears the score. */
  value: string | null;
  authorId: string | null;
  authorName: string;
  rationale?: string;
}

const snapshot = (criterion: Criterion, kind: ScoreKind, s: { value: string; authorName: string } | undefined) =>
  s ? { criterion: criterion.name, criterionId: criterion.id, kind, value: s.value, by: s.authorName } : null;

/**
 * Sets (or clears) the one current score of this kind for a criterion on a conversation, replacing the
 * one before, and writes the audit row with both. Runs in the caller's transaction.
 */
export async function saveScore(tx: Tx, ctx: WorkspaceCtx, s: ScoreToSave) {
  const key = and(
    eq(conversationScores.conversationId, s.conversationId),
    eq(conversationScores.criterionId, s.criterion.id),
    eq(conversationScores.kind, s.kind),
    eq(conversationScores.workspaceId, ctx.workspace.id),
  );
  const [before] = await tx.select().from(conversationScores).where(key).for("update");
  let row: typeof conversationScores.$inferSelect | undefined;
  if (s.value === null) {
    if (!before) return null;
    await tx.delete(conversationScores).where(key);
  } else {
    const fields = { value: s.value, points: pointsOf(s.criterion.scale, s.value), authorId: s.authorId, authorName: s.authorName, rationale: s.rationale ?? "", updatedAt: new Date() };
    // The unique key (conversation, criterion, kind) holds against a concurrent first score too.
    [row] = await tx
      .insert(conversationScores)
      .values({ workspaceId: ctx.workspace.id, conversationId: s.conversationId, criterionId: s.criterion.id, kind: s.kind, ...fields })
      .onConflictDoUpdate({ target: [conversationScores.conversationId, conversationScores.criterionId, conversationScores.kind], set: fields })
      .returning();
  }
  await recordAudit(tx, {
    workspaceId: ctx.workspace.id,
    actorId: ctx.userId,
    action: s.value === null ? "conversation.clear_score" : "conversation.score",
    targetType: "conversation",
    targetId: s.conversationId,
    before: snapshot(s.criterion, s.kind, before),
    after: snapshot(s.criterion, s.kind, row),
  });
  return row ?? null;
}
