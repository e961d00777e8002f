import "server-only";
import type { z } from "zod";
import { invites } from "@/db/schema";
import { createInviteInput } from "@/lib/schemas/workspace";
import { assignableRoles } from "@/server/authz/permissions";
import { forbidden } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { hashInviteToken, newInviteToken } from "./invite-token";

const inviteLifetimeMs = 7 * 24 * 3600 * 1000;

/** Returns the invite token once; only its hash is stored. */
export async function createInvite(ctx: WorkspaceCtx, input: z.input<typeof createInviteInput>) {
  const { role, email } = createInviteInput.parse(input);
  if (!assignableRoles(ctx.role).includes(role)) throw forbidden("Only an owner can invite another owner");
  const token = newInviteToken();
  return ctx.db.transaction(async (tx) => {
    const [invite] = await tx
      .insert(invites)
      .values({
        workspaceId: ctx.workspace.id,
        tokenHash: hashInviteToken(token),
        role,
        email: email ?? null,
        createdBy: ctx.userId,
        expiresAt: new Date(Date.now() + inviteLifetimeMs),
      })
      .returning({ id: invites.id, expiresAt: invites.expiresAt });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "invite.create",
      targetType: "invite",
      targetId: invite!.id,
      after: { role, email: email ?? null },
    });
    return { id: invite!.id, token, role, expiresAt: invite!.expiresAt };
  });
}
