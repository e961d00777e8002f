import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { identitySecrets } from "@/db/schema";
import { decryptSecret, encryptSecret } from "@/server/crypto/secret-box";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

// The workspace's identity secret: generated here (never chosen by a person), shown once to the admin who
// generates or rotates it, stored encrypted (AES-GCM, the workspace id as associated data). Rotating
// replaces it at once: tokens signed with the old one are refused as forged from then on.

/** Whether the workspace has an identity secret, and which (its last 4 characters), never the value. */
export async function getIdentitySecretStatus(ctx: WorkspaceCtx) {
  const [row] = await ctx.db
    .select({ hint: identitySecrets.hint, rotatedAt: identitySecrets.rotatedAt })
    .from(identitySecrets)
    .where(eq(identitySecrets.workspaceId, ctx.workspace.id))
    .limit(1);
  return { workspaceId: ctx.workspace.id, configured: !!row, hint: row?.hint ?? null, rotatedAt: row?.rotatedAt ?? null };
}

/** Generates (or replaces) the identity secret and returns it once. */
export async function rotateIdentitySecret(ctx: WorkspaceCtx) {
  const secret = `sb_idsec_${randomBytes(32).toString("base64url")}`;
  const hint = secret.slice(-4);
  const ciphertext = encryptSecret(secret, ctx.workspace.id);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ hint: identitySecrets.hint }).from(identitySecrets).where(eq(identitySecrets.workspaceId, ctx.workspace.id)).for("update");
    const now = new Date();
    await tx
      .insert(identitySecrets)
      .values({ workspaceId: ctx.workspace.id, ciphertext, hint, rotatedBy: ctx.userId, rotatedAt: now })
      .onConflictDoUpdate({ target: identitySecrets.workspaceId, set: { ciphertext, hint, rotatedBy: ctx.userId, rotatedAt: now } });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: before ? "identity_secret.rotate" : "identity_secret.create",
      targetType: "workspace",
      targetId: ctx.workspace.id,
      before: before ? { hint: before.hint } : null,
      after: { hint },
    });
    return { secret, hint, rotatedAt: now, workspaceId: ctx.workspace.id };
  });
}

/** The secret's value, for verifying tokens on the server only. */
export async function readIdentitySecret(db: Db, workspaceId: string): Promise<string | null> {
  const [row] = await db.select({ ciphertext: identitySecrets.ciphertext }).from(identitySecrets).where(eq(identitySecrets.workspaceId, workspaceId)).limit(1);
  return row ? decryptSecret(row.ciphertext, workspaceId) : null;
}
