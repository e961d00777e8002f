import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { auditLogs, releases } from "@/db/schema";
import { type experimentsListInput } from "@/lib/schemas/experiments";
import type { z } from "zod";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { readDeployment } from "@/server/services/releases/deployment";
import type { GuardBreach } from "./canary-guard";

export interface ExperimentRun {
  canary: number;
  percent: number;
  start: Date;
  /** When the canary was stopped, replaced, promoted or another release went live; null: still running. */
  end: Date | null;
  running: boolean;
  /** Stopped by the canary guard (automatic roll back): when, and the guard metrics that were worse. */
  autoRollback: { at: Date; control: number | null; breaches: GuardBreach[] } | null;
}

/**
 * The agent's canaries, newest first, read from the release log (the audit rows `release.set_canary`,
 * `release.set_live` and `release.publish` the releases service writes): each ran from its start until the
 * next change of canary or live release; a run the canary guard stopped says so, with its numbers.
 */
export async function listExperiments(ctx: WorkspaceCtx, input: z.input<typeof experimentsListInput>): Promise<ExperimentRun[]> {
  const agent = await getAgent(ctx, input.agentId);
  const rows = await ctx.db
    .select({ action: auditLogs.action, after: auditLogs.after, createdAt: auditLogs.createdAt })
    .from(auditLogs)
    .where(and(eq(auditLogs.workspaceId, ctx.workspace.id), eq(auditLogs.targetType, "agent"), eq(auditLogs.targetId, agent.id), inArray(auditLogs.action, ["release.set_canary", "release.set_live", "release.publish"])))
    .orderBy(asc(auditLogs.createdAt), asc(auditLogs.id));
  const numbers = new Map(
    (await ctx.db.select({ id: releases.id, number: releases.number }).from(releases).where(and(eq(releases.workspaceId, ctx.workspace.id), eq(releases.agentId, agent.id)))).map((r) => [r.id, r.number]),
  );
  const deployment = await readDeployment(ctx.db, { workspaceId: ctx.workspace.id, agentId: agent.id });
  const runs: ExperimentRun[] = [];
  let open: ExperimentRun | null = null;
  for (const row of rows) {
    // A publish that does not go live changes nothing a canary is compared with.
    if (row.action === "release.publish" && (row.after as { live?: boolean } | null)?.live !== true) continue;
    const after = (row.after ?? {}) as { canaryReleaseId?: string | null; canaryPercent?: number; automatic?: { canary?: number; control?: number; breaches?: GuardBreach[] } };
    if (open) {
      open.end = row.createdAt;
      if (row.action === "release.set_canary" && after.automatic?.canary === open.canary) {
        open.autoRollback = { at: row.createdAt, control: after.automatic.control ?? null, breaches: after.automatic.breaches ?? [] };
      }
      open = null;
    }
    const canary = row.action === "release.set_canary" && after.canaryReleaseId ? numbers.get(after.canaryReleaseId) : undefined;
    if (canary !== undefined && (after.canaryPercent ?? 0) > 0) {
      open = { canary, percent: after.canaryPercent ?? 0, start: row.createdAt, end: null, running: false, autoRollback: null };
      runs.push(open);
    }
  }
  const runningNumber = deployment?.canaryReleaseId && deployment.canaryPercent > 0 ? numbers.get(deployment.canaryReleaseId) : undefined;
  if (open && open.canary === runningNumber) open.running = true;
  return runs.reverse();
}
