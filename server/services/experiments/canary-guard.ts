import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { canaryGuards, type GuardMetricKey, guardMetricKeys } from "@/db/schema";
import { canaryGuardGetInput, canaryGuardInput, type CanaryGuardInput } from "@/lib/schemas/experiments";
import type { z } from "zod";
import { getAgent } from "@/server/services/agents/agents";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import type { Experiment } from "./get-experiment";

/** Conversations each arm needs on a guard metric (rated ones, for CSAT) before it can roll a canary back. */
export const GUARD_MIN_PER_ARM = 30;
/** Significance the guard acts on: the experiment's own "significantly worse" (two-sided p below this). */
export const GUARD_ALPHA = 0.05;

export interface CanaryGuard {
  autoRollback: boolean;
  metrics: GuardMetricKey[];
  /** The rule the check applies, for the page to say. */
  rule: { alpha: number; minPerArm: number };
}

/** A guard metric on which the canary is significantly worse, with enough sample: the numbers kept in the audit row. */
export interface GuardBreach {
  key: string;
  label: string;
  kind: "proportion" | "mean";
  control: { estimate: number | null; n: number };
  canary: { estimate: number | null; n: number };
  difference: number | null;
  pValue: number | null;
}

const defaults = (): CanaryGuard => ({ autoRollback: false, metrics: [...guardMetricKeys], rule: { alpha: GUARD_ALPHA, minPerArm: GUARD_MIN_PER_ARM } });

/** The agent's automatic roll back setting (off, watching every guard metric, until someone sets it). */
export async function getCanaryGuard(ctx: WorkspaceCtx, input: z.input<typeof canaryGuardGetInput>): Promise<CanaryGuard> {
  const agent = await getAgent(ctx, canaryGuardGetInput.parse(input).agentId);
  const [row] = await ctx.db
    .select({ autoRollback: canaryGuards.autoRollback, metrics: canaryGuards.metrics })
    .from(canaryGuards)
    .where(and(eq(canaryGuards.agentId, agent.id), eq(canaryGuards.workspaceId, ctx.workspace.id)));
  return row ? { ...defaults(), autoRollback: row.autoRollback, metrics: row.metrics } : defaults();
}

/** Turns automatic roll back on or off and picks its guard metrics; audited as `experiment.set_guard`. */
export async function setCanaryGuard(ctx: WorkspaceCtx, input: CanaryGuardInput): Promise<CanaryGuard> {
  const q = canaryGuardInput.parse(input);
  // In the order the page lists them, so the stored set reads the same however it was given.
  const metrics = guardMetricKeys.filter((k) => q.metrics.includes(k));
  return ctx.db.transaction(async (tx) => {
    const agent = await getAgent({ ...ctx, db: tx }, q.agentId);
    const before = await getCanaryGuard({ ...ctx, db: tx }, { agentId: agent.id });
    await tx
      .insert(canaryGuards)
      .values({ agentId: agent.id, workspaceId: ctx.workspace.id, autoRollback: q.autoRollback, metrics })
      .onConflictDoUpdate({ target: canaryGuards.agentId, set: { autoRollback: q.autoRollback, metrics, updatedAt: sql`now()` } });
    const after = { autoRollback: q.autoRollback, metrics };
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "experiment.set_guard",
      targetType: "agent",
      targetId: agent.id,
      before: { autoRollback: before.autoRollback, metrics: before.metrics },
      after,
    });
    return { ...defaults(), ...after };
  });
}

/**
 * The rule: a watched guard metric on which the canary is significantly worse (the experiment's verdict:
 * p < 0.05, the wrong way) while each arm has at least GUARD_MIN_PER_ARM conversations on it (rated
 * conversations for CSAT). Empty: the canary stays.
 */
export function guardBreaches(e: Pick<Experiment, "metrics">, watched: readonly string[]): GuardBreach[] {
  return e.metrics
    .filter((m) => m.guard && watched.includes(m.key) && m.significantlyWorse && m.comparison.pValue !== null && m.comparison.pValue < GUARD_ALPHA)
    .filter((m) => m.comparison.a.n >= GUARD_MIN_PER_ARM && m.comparison.b.n >= GUARD_MIN_PER_ARM)
    .map((m) => ({
      key: m.key,
      label: m.label,
      kind: m.kind,
      control: { estimate: m.comparison.a.estimate, n: m.comparison.a.n },
      canary: { estimate: m.comparison.b.estimate, n: m.comparison.b.n },
      difference: m.comparison.difference,
      pValue: m.comparison.pValue,
    }));
}
