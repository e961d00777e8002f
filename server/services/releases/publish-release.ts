import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { releases } from "@/db/schema";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { DomainError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { findPublishBlockers, type PublishBlocker } from "./check-publishable";
import { lockDeployment, updateDeployment } from "./deployment";
import { knowledgeSnapshot } from "./knowledge-snapshot";
import { snapshotFromConfig } from "./snapshot";

export const publishReleaseInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  notes: z.string().trim().max(2000, "Release notes are limited to 2,000 characters").default(""),
  /** false: publish without serving it yet (e.g. to start it as a canary). The first release always goes live. */
  makeLive: z.boolean().default(true),
});

export class PublishBlockedError extends DomainError {
  constructor(readonly blockers: PublishBlocker[]) {
    super("conflict", `Publishing is blocked: ${blockers.map((b) => `${b.subject}: ${b.message}`).join("; ")}`);
  }
}

/**
 * Freezes the draft into the next numbered release, in one transaction with its audit row. The only
 * writer of `releases`. New conversations get it at once unless `makeLive` is false; open ones keep theirs.
 */
export async function publishRelease(ctx: WorkspaceCtx, input: z.input<typeof publishReleaseInput>) {
  const { agentId, notes, makeLive } = publishReleaseInput.parse(input);
  const scope = { workspaceId: ctx.workspace.id, agentId };
  return ctx.db.transaction(async (tx) => {
    const deployment = await lockDeployment(tx, scope);
    const config = await loadDraftConfig(tx, scope);
    const blockers = await findPublishBlockers(tx, config);
    if (blockers.length > 0) throw new PublishBlockedError(blockers);
    const snapshot = snapshotFromConfig(config, await knowledgeSnapshot(tx, { workspaceId: ctx.workspace.id, settings: config.agent.settings }));
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${releases.number}), 0) + 1`.mapWith(Number) })
      .from(releases)
      .where(and(eq(releases.agentId, agentId), eq(releases.workspaceId, ctx.workspace.id)))) as [{ next: number }];
    const [release] = await tx
      .insert(releases)
      .values({ ...scope, number: next, snapshot, notes, authorId: ctx.userId })
      .returning({ id: releases.id, number: releases.number, createdAt: releases.createdAt });
    const goesLive = makeLive || !deployment.liveReleaseId;
    if (goesLive) await updateDeployment(tx, agentId, { liveReleaseId: release!.id });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "release.publish",
      targetType: "release",
      targetId: release!.id,
      after: { agentId, number: next, notes, live: goesLive },
    });
    return { ...release!, live: goesLive };
  });
}
