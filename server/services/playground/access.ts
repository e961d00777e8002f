import "server-only";
import type { Db } from "@/db/client";
import { can, type Permission } from "@/server/authz/permissions";
import { forbidden } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { resolveWorkspace } from "@/server/services/workspaces/resolve-workspace";

// Playground access until a dedicated "playground:use" permission exists: running the draft is a builder's act.
export const playgroundPermission: Permission = "agents:write";

/** The caller's workspace context for a route outside tRPC, with the same permission rule as the router. */
export async function resolvePlaygroundAccess(ctx: { db: Db; userId: string }, workspaceSlug: string): Promise<WorkspaceCtx> {
  const ws = await resolveWorkspace(ctx, workspaceSlug);
  if (!can(ws.role, playgroundPermission)) throw forbidden(`Your role (${ws.role}) cannot do this: it needs "${playgroundPermission}"`);
  return ws;
}
