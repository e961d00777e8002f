import "server-only";
import { and, asc, eq, inArray, isNull, ne, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { rowsOf } from "@/db/rows";
import { scoreCriteria } from "@/db/schema";
import type { calibrationInput } from "@/lib/schemas/annotation";
import type { Scale } from "@/lib/schemas/scorecards";
import { valuesOf } from "@/lib/scorecards/scale";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { agreementFromCounts, isTrusted } from "./compute-agreement";
import { readKappaThreshold } from "./kappa-threshold";

/** Disagreements listed per criterion; the counts cover them all. */
export const MAX_DISAGREEMENTS = 100;

/** Conversations scored on a criterion by both a person (`h`) and the AI (`a`), in the workspace (and agent), with the agent (`g`). */
const pairsOf = (workspaceId: string, criterionIds: string[], agentId: string | undefined): SQL => sql`
  from conversation_scores h
  join conversation_scores a on a.conversation_id = h.conversation_id and a.criterion_id = h.criterion_id and a.kind = 'ai'
  join conversations c on c.id = h.conversation_id and c.workspace_id = h.workspace_id
  join agents g on g.id = c.agent_id and g.workspace_id = c.workspace_id
  where h.workspace_id = ${workspaceId} and h.kind = 'human'
    and h.criterion_id in (${sql.join(
      criterionIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})
    ${agentId ? sql`and c.agent_id = ${agentId}::uuid` : sql``}`;

interface Disagreement {
  criterionId: string;
  human: string;
  ai: string;
  humanBy: string;
  aiRationale: string;
  conversationId: string;
  createdAt: Date;
  agentSlug: string;
}

/**
 * Per criterion the AI scores (ai or both; choices are people's only): how the AI's scores agree with
 * people's on the conversations both scored — n, percent agreement, Cohen's kappa, the confusion table
 * (people's values × the AI's) and the disagreements, newest first. Below the workspace's threshold, or
 * with no kappa to compute, a criterion is not trusted. Counted in SQL (one row per table cell), so the
 * cost does not grow with the conversations read; `withDisagreements: false` skips the list.
 */
export async function getCalibration(ctx: WorkspaceCtx, input: z.output<typeof calibrationInput>, opts: { withDisagreements?: boolean } = {}) {
  if (input.agentId) await getAgent(ctx, input.agentId); // another workspace's agent is NOT_FOUND
  const [threshold, criteria] = await Promise.all([
    readKappaThreshold(ctx.db, ctx.workspace.id),
    ctx.db
      .select({ id: scoreCriteria.id, name: scoreCriteria.name, scale: scoreCriteria.scale, options: scoreCriteria.options, scorer: scoreCriteria.scorer })
      .from(scoreCriteria)
      .where(and(eq(scoreCriteria.workspaceId, ctx.workspace.id), isNull(scoreCriteria.archivedAt), inArray(scoreCriteria.scorer, ["ai", "both"]), ne(scoreCriteria.scale, "choice")))
      .orderBy(asc(scoreCriteria.position)),
  ]);
  const ids = criteria.map((c) => c.id);
  const pairs = ids.length === 0 ? null : pairsOf(ctx.workspace.id, ids, input.agentId);
  const [counts, disagreements] = await Promise.all([
    pairs ? ctx.db.execute(sql`select h.criterion_id as "criterionId", h.value as human, a.value as ai, count(*)::int as n ${pairs} group by 1, 2, 3`) : null,
    pairs && opts.withDisagreements !== false
      ? ctx.db.execute(sql`
          select "criterionId", human, ai, "humanBy", "aiRationale", "conversationId", "createdAt", "agentSlug" from (
            select h.criterion_id as "criterionId", h.value as human, a.value as ai, h.author_name as "humanBy", a.rationale as "aiRationale",
              c.id as "conversationId", c.created_at as "createdAt", g.slug as "agentSlug",
              row_number() over (partition by h.criterion_id order by c.created_at desc, c.id desc) as position
            ${pairs} and h.value <> a.value
          ) d
          where position <= ${MAX_DISAGREEMENTS}
          order by "createdAt" desc, "conversationId" desc`)
      : null,
  ]);
  const cells = counts ? rowsOf<{ criterionId: string; human: string; ai: string; n: number }>(counts) : [];
  const listed = disagreements ? rowsOf<Disagreement>(disagreements) : [];

  return {
    threshold,
    criteria: criteria.map((c) => {
      const values = valuesOf({ scale: c.scale as Scale, options: c.options });
      const mine = cells.filter((x) => x.criterionId === c.id);
      const stats = agreementFromCounts(
        values,
        mine.map((x) => [x.human, x.ai, Number(x.n)] as const),
      );
      return {
        id: c.id,
        name: c.name,
        scale: c.scale as Scale,
        scorer: c.scorer,
        values: [...values],
        ...stats,
        trusted: isTrusted(stats.kappa, threshold),
        disagreementCount: mine.filter((x) => x.human !== x.ai).reduce((sum, x) => sum + Number(x.n), 0),
        disagreements: listed
          .filter((d) => d.criterionId === c.id)
          .map(({ criterionId: _c, createdAt, ...d }) => ({ ...d, createdAt: new Date(createdAt) })),
      };
    }),
  };
}

/** Just the trust of each criterion (for the list's and the review panel's AI scores), without the disagreements. */
export async function getCalibrationTrust(ctx: WorkspaceCtx) {
  const { threshold, criteria } = await getCalibration(ctx, {}, { withDisagreements: false });
  return { threshold, criteria: criteria.map((c) => ({ id: c.id, name: c.name, n: c.n, kappa: c.kappa, trusted: c.trusted })) };
}
