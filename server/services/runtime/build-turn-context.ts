import "server-only";
import type { Db } from "@/db/client";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import type { TurnCtx } from "@/server/agent/types";
import { resolveModels } from "@/server/services/model-settings/resolve-models";
import { readWorkspaceSettings, resolveWorkspaceSettings } from "@/server/services/model-settings/workspace-settings";
import { secretResolver } from "@/server/services/secrets/secrets";

/**
 * The one place a caller (playground, hosted API, widget, evals, CLI) gets what the runtime needs for a
 * workspace: its models (local, or its configured provider), its secret resolver, the private hosts its
 * tools may call, and the app URL.
 */
export async function buildTurnContext(
  db: Db,
  input: { workspaceId: string; appUrl: string; config?: AgentConfig; /** The workspace's settings column, when the caller has read it already. */ settings?: unknown },
): Promise<TurnCtx> {
  const settings = input.settings === undefined ? await readWorkspaceSettings(db, input.workspaceId) : resolveWorkspaceSettings(input.settings);
  const resolveSecret = secretResolver(db, input.workspaceId);
  const { models, languageModel } = await resolveModels(settings.model, resolveSecret, { allowHosts: settings.allowedHosts });
  const prices = settings.model.kind === "llm" ? { inputPerMillion: settings.model.inputPricePerMillion ?? 0, outputPerMillion: settings.model.outputPricePerMillion ?? 0 } : undefined;
  return { db, models, languageModel, prices, resolveSecret, allowHosts: settings.allowedHosts, memory: settings.memory, redactPii: settings.redactPii, appUrl: input.appUrl, config: input.config };
}
