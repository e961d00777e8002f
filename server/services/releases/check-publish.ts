import "server-only";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { findPublishBlockers } from "./check-publishable";

/** What would block publishing the draft right now (the publish button shows it before it is pressed). */
export async function checkPublish(ctx: WorkspaceCtx, input: { agentId: string }) {
  const agent = await getAgent(ctx, input.agentId);
  const config = await loadDraftConfig(ctx.db, { workspaceId: ctx.workspace.id, agentId: agent.id });
  return { blockers: await findPublishBlockers(ctx.db, config) };
}
