import "server-only";
import { and, eq, gt, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentDeployments, canaryGuards, workspaces } from "@/db/schema";
import { DomainError } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { setCanary } from "@/server/services/releases/set-canary";
import { GUARD_ALPHA, GUARD_MIN_PER_ARM, type GuardBreach, guardBreaches } from "./canary-guard";
import { getExperiment } from "./get-experiment";
import { sendRollbackWebhook } from "./send-rollback-webhook";

export interface CanaryGuardReport {
  /** Running canaries with automatic roll back on that were checked. */
  checked: number;
  rolledBack: { workspaceId: string; agentId: string; canary: number; control: number; breaches: GuardBreach[] }[];
  /** Canaries the check could not judge (e.g. no other release served conversations), with why. */
  skipped: { agentId: string; reason: string }[];
}

/**
 * The scheduled canary guard: every running canary whose agent has automatic roll back on is computed
 * with the Experiments page's own code (`getExperiment`, the canary's run against its control), and when
 * a watched guard metric is significantly worse with enough sample (`guardBreaches`) the canary is
 * stopped through the releases service a user's "Roll back" uses — audited with no actor (the system)
 * and the numbers — and, in the same transaction, announced to the agent's webhook as `release.auto_rollback`.
 * `workspaceId` limits it to one workspace (tests and the seed share a database).
 */
export async function runCanaryGuardJob(db: Db, opts: { workspaceId?: string } = {}): Promise<CanaryGuardReport> {
  const rows = await db
    .select({
      agentId: canaryGuards.agentId,
      metrics: canaryGuards.metrics,
      canaryReleaseId: agentDeployments.canaryReleaseId,
      workspace: { id: workspaces.id, slug: workspaces.slug, name: workspaces.name },
    })
    .from(canaryGuards)
    .innerJoin(agentDeployments, and(eq(agentDeployments.agentId, canaryGuards.agentId), eq(agentDeployments.workspaceId, canaryGuards.workspaceId)))
    .innerJoin(workspaces, eq(workspaces.id, canaryGuards.workspaceId))
    .where(
      and(
        eq(canaryGuards.autoRollback, true),
        isNotNull(agentDeployments.canaryReleaseId),
        gt(agentDeployments.canaryPercent, 0),
        opts.workspaceId ? eq(canaryGuards.workspaceId, opts.workspaceId) : undefined,
      ),
    )
    .orderBy(canaryGuards.workspaceId, canaryGuards.agentId);
  const report: CanaryGuardReport = { checked: 0, rolledBack: [], skipped: [] };
  for (const row of rows) {
    // The system acts: no user; the audit row it writes has no actor.
    const ctx: WorkspaceCtx = { db, userId: "", workspace: row.workspace, role: "owner" };
    let experiment;
    try {
      experiment = await getExperiment(ctx, { agentId: row.agentId, timeZone: "UTC" });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.skipped.push({ agentId: row.agentId, reason: error.message });
      continue;
    }
    report.checked += 1;
    const breaches = guardBreaches(experiment, row.metrics);
    if (breaches.length === 0) continue;
    const reason = {
      by: "canary guard",
      canary: experiment.canary.number,
      control: experiment.control.number,
      window: { start: experiment.window.start.toISOString(), end: experiment.window.end.toISOString() },
      conversations: experiment.conversations,
      rule: { alpha: GUARD_ALPHA, minPerArm: GUARD_MIN_PER_ARM, watched: row.metrics },
      breaches,
    };
    try {
      await db.transaction(async (tx) => {
        await setCanary({ ...ctx, db: tx }, { agentId: row.agentId, releaseId: null }, { expectedCanaryReleaseId: row.canaryReleaseId!, reason });
        await sendRollbackWebhook(tx, { workspace: row.workspace, agentId: row.agentId, ...reason });
      });
    } catch (error) {
      // Someone changed the canary meanwhile: their change stands.
      if (!(error instanceof DomainError && error.code === "conflict")) throw error;
      report.skipped.push({ agentId: row.agentId, reason: error.message });
      continue;
    }
    report.rolledBack.push({ workspaceId: row.workspace.id, agentId: row.agentId, canary: experiment.canary.number, control: experiment.control.number, breaches });
  }
  return report;
}
