import "server-only";
import { z } from "zod";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { lockDeployment, updateDeployment } from "./deployment";
import { loadRelease } from "./load-release";

export const setLiveReleaseInput = z.object({ agentId: z.uuid("Unknown agent id"), releaseId: z.uuid("Unknown release id") });

/**
 * Makes a release live (promote or roll back): only the pointer moves, every release stays. New
 * conversations get it; open ones keep the release they started on. A canary on it is folded in.
 */
export async function setLiveRelease(ctx: WorkspaceCtx, input: z.input<typeof setLiveReleaseInput>) {
  const { agentId, releaseId } = setLiveReleaseInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const deployment = await lockDeployment(tx, { workspaceId: ctx.workspace.id, agentId });
    const release = await loadRelease(tx, { workspaceId: ctx.workspace.id, releaseId });
    if (release.snapshot.agent.id !== agentId) throw conflict("That release belongs to another agent");
    const clearsCanary = deployment.canaryReleaseId === releaseId;
    await updateDeployment(tx, agentId, { liveReleaseId: releaseId, ...(clearsCanary ? { canaryReleaseId: null, canaryPercent: 0 } : {}) });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "release.set_live",
      targetType: "agent",
      targetId: agentId,
      before: { liveReleaseId: deployment.liveReleaseId },
      after: { liveReleaseId: releaseId, number: release.number },
    });
    return { liveReleaseId: releaseId, number: release.number };
  });
}
