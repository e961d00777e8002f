import { z } from "zod";
import { createWorkspaceInput, workspaceNameSchema } from "@/lib/schemas/workspace";
import { permissions } from "@/server/authz/permissions";
import { authedProcedure, createTRPCRouter, requirePermission, workspaceProcedure } from "@/server/api/trpc";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";
import { listWorkspaces } from "@/server/services/workspaces/list-workspaces";
import { renameWorkspace } from "@/server/services/workspaces/rename-workspace";

export const workspacesRouter = createTRPCRouter({
  list: authedProcedure.query(({ ctx }) => listWorkspaces(ctx)),
  create: authedProcedure.input(createWorkspaceInput).mutation(({ ctx, input }) => createWorkspace(ctx, input)),
  /** The workspace and the caller's role with its permissions, for the UI's `useCan`. */
  get: workspaceProcedure.query(({ ctx }) => ({
    ...ctx.workspace,
    role: ctx.role,
    permissions: Object.entries(permissions)
      .filter(([, allowed]) => (allowed as readonly string[]).includes(ctx.role))
      .map(([p]) => p),
  })),
  rename: requirePermission("workspace:update")
    .input(z.object({ name: workspaceNameSchema }))
    .mutation(({ ctx, input }) => renameWorkspace(ctx, input)),
});
