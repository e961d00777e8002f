import "server-only";
import type { Db } from "@/db/client";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import { localModels } from "@/server/agent/models";
import type { TurnCtx } from "@/server/agent/types";

/**
 * The one place a caller (playground, hosted API, widget, evals, CLI) gets what the runtime needs for a
 * workspace: its models (local, or its configured provider), its secret resolver and the app URL.
 */
export async function buildTurnContext(
  db: Db,
  input: { workspaceId: string; appUrl: string; config?: AgentConfig },
): Promise<TurnCtx> {
  return { db, models: localModels, appUrl: input.appUrl, config: input.config };
}
