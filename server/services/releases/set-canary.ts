import "server-only";
import { z } from "zod";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { lockDeployment, updateDeployment } from "./deployment";
import { loadRelease } from "./load-release";

export const setCanaryInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  /** null stops the canary. */
  releaseId: z.uuid("Unknown release id").nullable(),
  percent: z.number().int("Whole percents only").min(0, "Between 0 and 100").max(100, "Between 0 and 100").default(0),
});

/** The canary guard stopping a canary on its own: no user acts; why is kept in the audit row. */
export interface AutomaticCanaryChange {
  /** The canary the guard judged: if another is running by the time it acts, nothing changes (conflict). */
  expectedCanaryReleaseId: string;
  reason: Record<string, unknown>;
}

/**
 * A second release takes `percent` of new conversations, sticky per customer id; live serves the rest.
 * `automatic`: the system (the canary guard job) makes the change, audited with no actor and its reason.
 */
export async function setCanary(ctx: WorkspaceCtx, input: z.input<typeof setCanaryInput>, automatic?: AutomaticCanaryChange) {
  const { agentId, releaseId, percent } = setCanaryInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const deployment = await lockDeployment(tx, { workspaceId: ctx.workspace.id, agentId });
    if (automatic && deployment.canaryReleaseId !== automatic.expectedCanaryReleaseId) throw conflict("The canary changed since the guard metrics were checked");
    if (releaseId) {
      const release = await loadRelease(tx, { workspaceId: ctx.workspace.id, releaseId });
      if (release.snapshot.agent.id !== agentId) throw conflict("That release belongs to another agent");
      if (releaseId === deployment.liveReleaseId) throw conflict("That release is already live: pick another one for the canary");
    }
    const after = { canaryReleaseId: releaseId, canaryPercent: releaseId ? percent : 0 };
    await updateDeployment(tx, agentId, after);
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: automatic ? null : ctx.userId,
      action: "release.set_canary",
      targetType: "agent",
      targetId: agentId,
      before: { canaryReleaseId: deployment.canaryReleaseId, canaryPercent: deployment.canaryPercent },
      after: automatic ? { ...after, automatic: automatic.reason } : after,
    });
    return after;
  });
}
