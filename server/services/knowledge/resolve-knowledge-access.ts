import "server-only";
import type { Db } from "@/db/client";
import { can } from "@/server/authz/permissions";
import { forbidden } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { resolveWorkspace } from "@/server/services/workspaces/resolve-workspace";

/** The caller's workspace context for the upload route (outside tRPC), with the router's permission rule. */
export async function resolveKnowledgeAccess(ctx: { db: Db; userId: string }, workspaceSlug: string): Promise<WorkspaceCtx> {
  const ws = await resolveWorkspace(ctx, workspaceSlug);
  if (!can(ws.role, "knowledge:write")) throw forbidden(`Your role (${ws.role}) cannot do this: it needs "knowledge:write"`);
  return ws;
}
