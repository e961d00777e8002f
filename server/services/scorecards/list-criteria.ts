import "server-only";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { conversationScores, scoreCriteria } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";
import type { Criterion } from "./find-criterion";

/** The workspace's criteria in scorecard order (archived ones last), each with how many scores it has. */
export async function listCriteria(ctx: WorkspaceCtx) {
  const rows = await ctx.db
    .select({ criterion: scoreCriteria, scores: count(conversationScores.id) })
    .from(scoreCriteria)
    .leftJoin(conversationScores, and(eq(conversationScores.criterionId, scoreCriteria.id), eq(conversationScores.workspaceId, scoreCriteria.workspaceId)))
    .where(eq(scoreCriteria.workspaceId, ctx.workspace.id))
    .groupBy(scoreCriteria.id)
    .orderBy(asc(sql`${scoreCriteria.archivedAt} is not null`), asc(scoreCriteria.position), asc(scoreCriteria.createdAt));
  return rows.map((r) => ({ ...(r.criterion as Criterion), scores: r.scores }));
}
