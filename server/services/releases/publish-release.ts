import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { releases } from "@/db/schema";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { can } from "@/server/authz/permissions";
import { conflict, DomainError, forbidden } from "@/server/errors";
import { evalGate } from "@/server/services/evals/publish-gate";
import { gateFingerprint } from "@/server/services/evals/run-suite";
import { serverAppUrl } from "@/server/services/tools/app-url";
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
  /** Publish although gating eval cases fail (owners and admins), saying why: audited. */
  override: z.object({ reason: z.string().trim().min(3, "Say why you publish although eval cases fail").max(500, "Keep the reason to 500 characters or fewer") }).optional(),
});

export class PublishBlockedError extends DomainError {
  constructor(readonly blockers: PublishBlocker[]) {
    super("conflict", `Publishing is blocked: ${blockers.map((b) => `${b.subject}: ${b.message}`).join("; ")}`);
  }
}

/**
 * Freezes the draft into the next numbered release, in one transaction with its audit row. The only
 * writer of `releases`. The agent's gating eval suites run on the draft first (outside the transaction:
 * their cases talk to the backend); a failing case blocks it unless an admin overrides with a reason.
 * New conversations get it at once unless `makeLive` is false; open ones keep theirs.
 */
export async function publishRelease(ctx: WorkspaceCtx & { appUrl?: string }, input: z.input<typeof publishReleaseInput>) {
  const { agentId, notes, makeLive, override } = publishReleaseInput.parse(input);
  const scope = { workspaceId: ctx.workspace.id, agentId };
  if (override && !can(ctx.role, "releases:override")) throw forbidden("Only owners and admins can publish although eval cases fail");
  const gate = await evalGate({ ...ctx, appUrl: ctx.appUrl ?? serverAppUrl() }, await loadDraftConfig(ctx.db, scope), { run: true });
  return ctx.db.transaction(async (tx) => {
    const deployment = await lockDeployment(tx, scope);
    const config = await loadDraftConfig(tx, scope);
    if (gate.runId && (await gateFingerprint(tx, config)) !== gate.fingerprint) throw conflict("The draft or its gating cases changed while the eval suites ran: publish again to run them on this version");
    const evalBlockers: PublishBlocker[] = gate.failures.map((f) => ({ kind: "eval", subject: f.caseName, message: f.message, runId: gate.runId! }));
    const blockers = [...(await findPublishBlockers(tx, config)), ...(override ? [] : evalBlockers)];
    if (blockers.length > 0) throw new PublishBlockedError(blockers);
    const snapshot = snapshotFromConfig(config, await knowledgeSnapshot(tx, { workspaceId: ctx.workspace.id, settings: config.agent.settings }));
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${releases.number}), 0) + 1`.mapWith(Number) })
      .from(releases)
      .where(and(eq(releases.agentId, agentId), eq(releases.workspaceId, ctx.workspace.id)))) as [{ next: number }];
    const [release] = await tx
      .insert(releases)
      .values({ ...scope, number: next, snapshot, notes, authorId: ctx.userId, evalRunId: gate.runId })
      .returning({ id: releases.id, number: releases.number, createdAt: releases.createdAt });
    const goesLive = makeLive || !deployment.liveReleaseId;
    if (goesLive) await updateDeployment(tx, agentId, { liveReleaseId: release!.id });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "release.publish",
      targetType: "release",
      targetId: release!.id,
      after: { agentId, number: next, notes, live: goesLive, evalRunId: gate.runId },
    });
    if (override && evalBlockers.length > 0) {
      await recordAudit(tx, {
        workspaceId: ctx.workspace.id,
        actorId: ctx.userId,
        action: "release.override_evals",
        targetType: "release",
        targetId: release!.id,
        after: { reason: override.reason, evalRunId: gate.runId, failing: gate.failures.map((f) => `${f.suiteName} › ${f.caseName}`) },
      });
    }
    return { ...release!, live: goesLive };
  });
}
