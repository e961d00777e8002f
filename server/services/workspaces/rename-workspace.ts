import "server-only";
import { eq } from "drizzle-orm";
import { workspaces } from "@/db/schema";
import { workspaceNameSchema } from "@/lib/schemas/workspace";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

export async function renameWorkspace(ctx: WorkspaceCtx, input: { name: string }) {
  const name = workspaceNameSchema.parse(input.name);
  return ctx.db.transaction(async (tx) => {
    await tx.update(workspaces).set({ name }).where(eq(workspaces.id, ctx.workspace.id));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "workspace.rename",
      targetType: "workspace",
      targetId: ctx.workspace.id,
      before: { name: ctx.workspace.name },
      after: { name },
    });
    return { ...ctx.workspace, name };
  });
}
