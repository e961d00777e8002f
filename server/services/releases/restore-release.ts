import "server-only";
import { and, eq, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import { agents, journeys, policies, policyRevisions, tools } from "@/db/schema";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { loadRelease } from "./load-release";
import { behaviourSettings, deploymentSettingKeys } from "./snapshot";

export const restoreReleaseInput = z.object({ agentId: z.uuid("Unknown agent id"), releaseId: z.uuid("Unknown release id") });

/**
 * Overwrites the draft with a release: persona, settings (the webhook is kept), journeys (ones the
 * release lacks are disabled, not deleted), policies and tools (ones it lacks are removed). Audited
 * with the draft before and the release after.
 */
export async function restoreRelease(ctx: WorkspaceCtx, input: z.input<typeof restoreReleaseInput>) {
  const { agentId, releaseId } = restoreReleaseInput.parse(input);
  const scope = { workspaceId: ctx.workspace.id, agentId };
  return ctx.db.transaction(async (tx) => {
    const { snapshot, number } = await loadRelease(tx, { workspaceId: ctx.workspace.id, releaseId });
    if (snapshot.agent.id !== agentId) throw conflict("That release belongs to another agent");
    const before = await loadDraftConfig(tx, scope);
    const now = sql`now()`;

    const kept = Object.fromEntries(deploymentSettingKeys.filter((k) => k in before.agent.settings).map((k) => [k, before.agent.settings[k]]));
    await tx
      .update(agents)
      .set({ persona: snapshot.agent.persona, settings: { ...snapshot.agent.settings, ...kept }, updatedAt: new Date() })
      .where(and(eq(agents.id, agentId), eq(agents.workspaceId, ctx.workspace.id)));

    const journeyIds = snapshot.journeys.map((j) => j.id);
    await tx
      .update(journeys)
      .set({ enabled: false, updatedAt: new Date() })
      .where(and(eq(journeys.workspaceId, ctx.workspace.id), eq(journeys.agentId, agentId), journeyIds.length ? notInArray(journeys.id, journeyIds) : undefined));
    for (const j of snapshot.journeys) {
      await tx
        .insert(journeys)
        .values({ ...scope, id: j.id, name: j.name, enabled: true, trigger: j.graph.trigger, graph: j.graph })
        .onConflictDoUpdate({
          target: journeys.id,
          set: { name: j.name, enabled: true, trigger: j.graph.trigger, graph: j.graph, revision: sql`${journeys.revision} + 1`, updatedAt: now },
        });
    }

    const keys = Object.keys(snapshot.policies);
    await tx.delete(policies).where(and(eq(policies.workspaceId, ctx.workspace.id), eq(policies.agentId, agentId), keys.length ? notInArray(policies.key, keys) : undefined));
    for (const p of Object.values(snapshot.policies)) {
      const [row] = await tx
        .insert(policies)
        .values({ ...scope, key: p.key, name: p.name, definition: p })
        .onConflictDoUpdate({ target: [policies.agentId, policies.key], set: { name: p.name, definition: p, revision: sql`${policies.revision} + 1`, updatedAt: now } })
        .returning({ id: policies.id, revision: policies.revision });
      await tx.insert(policyRevisions).values({ workspaceId: ctx.workspace.id, policyId: row!.id, revision: row!.revision, definition: p, authorId: ctx.userId }).onConflictDoNothing();
    }

    const names = Object.keys(snapshot.tools);
    await tx.delete(tools).where(and(eq(tools.workspaceId, ctx.workspace.id), eq(tools.agentId, agentId), names.length ? notInArray(tools.name, names) : undefined));
    for (const t of Object.values(snapshot.tools)) {
      await tx
        .insert(tools)
        .values({ ...scope, name: t.name, definition: t })
        .onConflictDoUpdate({ target: [tools.agentId, tools.name], set: { definition: t, revision: sql`${tools.revision} + 1`, updatedAt: now } });
    }

    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "release.restore_draft",
      targetType: "agent",
      targetId: agentId,
      before: { persona: before.agent.persona, settings: behaviourSettings(before.agent.settings), journeys: before.journeys, policies: before.policies, tools: before.tools },
      after: { releaseId, number },
    });
    return { number };
  });
}
