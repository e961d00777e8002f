import "server-only";
import { z } from "zod";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { invalid } from "@/server/errors";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { readDeployment } from "./deployment";
import { diffSnapshots } from "./diff";
import { knowledgeSnapshot } from "./knowledge-snapshot";
import { loadRelease } from "./load-release";
import { snapshotFromConfig, type ReleaseSnapshot } from "./snapshot";

/** A side of a diff: a release id, or "draft" / "live". */
const sideSchema = z.union([z.literal("draft"), z.literal("live"), z.uuid("Unknown release id")]);
export const diffReleasesInput = z.object({ agentId: z.uuid("Unknown agent id"), from: sideSchema, to: sideSchema });

/** The diff between two releases, or a release and the draft; "live" with nothing live compares against nothing. */
export async function diffReleases(ctx: WorkspaceCtx, input: z.input<typeof diffReleasesInput>) {
  const q = diffReleasesInput.parse(input);
  const agent = await getAgent(ctx, q.agentId);
  const scope = { workspaceId: ctx.workspace.id, agentId: agent.id };
  const side = async (s: string): Promise<{ label: string; snapshot: ReleaseSnapshot | null }> => {
    if (s === "draft") {
      const config = await loadDraftConfig(ctx.db, scope);
      return { label: "Draft", snapshot: snapshotFromConfig(config, await knowledgeSnapshot(ctx.db, { workspaceId: ctx.workspace.id, settings: config.agent.settings })) };
    }
    const releaseId = s === "live" ? (await readDeployment(ctx.db, scope))?.liveReleaseId : s;
    if (!releaseId) return { label: "Nothing live", snapshot: null };
    const release = await loadRelease(ctx.db, { workspaceId: ctx.workspace.id, releaseId });
    if (release.snapshot.agent.id !== agent.id) throw invalid("That release belongs to another agent");
    return { label: `Release ${release.number}`, snapshot: release.snapshot };
  };
  const [from, to] = await Promise.all([side(q.from), side(q.to)]);
  if (!to.snapshot) throw invalid("Nothing is live yet: there is nothing to compare to");
  const empty: ReleaseSnapshot = { ...to.snapshot, agent: { ...to.snapshot.agent, persona: to.snapshot.agent.persona, settings: {} }, journeys: [], policies: {}, tools: {}, knowledge: [] };
  return { from: from.label, to: to.label, diff: diffSnapshots(from.snapshot ?? empty, to.snapshot) };
}
