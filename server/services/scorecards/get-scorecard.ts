import "server-only";
import { and, eq } from "drizzle-orm";
import { conversationScores } from "@/db/schema";
import type { ScoreKind } from "@/lib/schemas/scorecards";
import type { WorkspaceCtx } from "@/server/services/context";
import { findTarget } from "@/server/services/review/find-target";
import { listCriteria } from "./list-criteria";

export interface ScoreView {
  value: string;
  authorName: string;
  rationale: string;
  updatedAt: Date;
}

/**
 * A conversation's scorecard: each criterion in order with its current human and AI score. Archived
 * criteria appear only where they were scored.
 */
export async function getScorecard(ctx: WorkspaceCtx, input: { conversationId: string }) {
  const { conversation } = await findTarget(ctx.db, ctx, input);
  const [criteria, scores] = await Promise.all([
    listCriteria(ctx),
    ctx.db
      .select()
      .from(conversationScores)
      .where(and(eq(conversationScores.conversationId, conversation.id), eq(conversationScores.workspaceId, ctx.workspace.id))),
  ]);
  const scoreOf = (criterionId: string, kind: ScoreKind): ScoreView | null => {
    const s = scores.find((r) => r.criterionId === criterionId && r.kind === kind);
    return s ? { value: s.value, authorName: s.authorName, rationale: s.rationale, updatedAt: s.updatedAt } : null;
  };
  return criteria
    .map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      scale: c.scale,
      options: c.options,
      scorer: c.scorer,
      archived: c.archivedAt !== null,
      human: scoreOf(c.id, "human"),
      ai: scoreOf(c.id, "ai"),
    }))
    .filter((c) => !c.archived || c.human || c.ai);
}
