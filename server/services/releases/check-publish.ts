import "server-only";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { evalGate } from "@/server/services/evals/publish-gate";
import { serverAppUrl } from "@/server/services/tools/app-url";
import { findPublishBlockers, type PublishBlocker } from "./check-publishable";

/**
 * What would block publishing the draft right now (the publish button shows it before it is pressed):
 * journey errors, failing policy tests, and the cases that failed a gating eval run on this very draft.
 * `evalsPending`: the agent has gating suites not yet run on this draft (publishing runs them).
 */
export async function checkPublish(ctx: WorkspaceCtx, input: { agentId: string }) {
  const agent = await getAgent(ctx, input.agentId);
  const config = await loadDraftConfig(ctx.db, { workspaceId: ctx.workspace.id, agentId: agent.id });
  const gate = await evalGate({ ...ctx, appUrl: serverAppUrl() }, config, { run: false });
  const evalBlockers: PublishBlocker[] = gate.failures.map((f) => ({ kind: "eval", subject: f.caseName, message: f.message, runId: gate.runId! }));
  return { blockers: [...(await findPublishBlockers(ctx.db, config)), ...evalBlockers], evalRunId: gate.runId };
}
