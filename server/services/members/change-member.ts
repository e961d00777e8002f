import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { memberships } from "@/db/schema";
import type { Role } from "@/server/authz/permissions";
import { assignableRoles } from "@/server/authz/permissions";
import { forbidden, invalid, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

async function loadTarget(tx: Tx, ctx: WorkspaceCtx, userId: string) {
  const target = await tx.query.memberships.findFirst({
    where: and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, userId)),
  });
  if (!target) throw notFound("Member");
  if (target.role === "owner" && ctx.role !== "owner") throw forbidden("Only an owner can change or remove an owner");
  return target;
}

async function assertAnotherOwner(tx: Tx, ctx: WorkspaceCtx) {
  const owners = await tx.query.memberships.findMany({
    where: and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.role, "owner")),
    columns: { userId: true },
  });
  if (owners.length < 2) throw invalid("A workspace needs at least one owner: make someone else owner first");
}

export async function changeMemberRole(ctx: WorkspaceCtx, input: { userId: string; role: Role }) {
  if (!assignableRoles(ctx.role).includes(input.role)) throw forbidden("Only an owner can make someone an owner");
  return ctx.db.transaction(async (tx) => {
    const target = await loadTarget(tx, ctx, input.userId);
    if (target.role === input.role) return { userId: input.userId, role: input.role };
    if (target.role === "owner") await assertAnotherOwner(tx, ctx);
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, input.userId)));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "member.change_role",
      targetType: "member",
      targetId: input.userId,
      before: { role: target.role },
      after: { role: input.role },
    });
    return { userId: input.userId, role: input.role };
  });
}

export async function removeMember(ctx: WorkspaceCtx, input: { userId: string }) {
  return ctx.db.transaction(async (tx) => {
    const target = await loadTarget(tx, ctx, input.userId);
    if (target.role === "owner") await assertAnotherOwner(tx, ctx);
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, input.userId)));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "member.remove",
      targetType: "member",
      targetId: input.userId,
      before: { role: target.role },
    });
  });
}
