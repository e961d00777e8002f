import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { secrets } from "@/db/schema";
import { secretNameSchema, setSecretInput } from "@/lib/schemas/workspace-settings";
import { decryptSecret, encryptSecret } from "@/server/crypto/secret-box";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

// Secrets are write-only: no function here returns a value to a caller outside the server's own
// resolver, and the audit log records only that a secret changed.

export async function listSecrets(ctx: WorkspaceCtx) {
  return ctx.db
    .select({ name: secrets.name, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt })
    .from(secrets)
    .where(eq(secrets.workspaceId, ctx.workspace.id))
    .orderBy(asc(secrets.name));
}

export async function setSecret(ctx: WorkspaceCtx, input: z.input<typeof setSecretInput>) {
  const { name, value } = setSecretInput.parse(input);
  const ciphertext = encryptSecret(value, ctx.workspace.id);
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [row] = await tx
      .insert(secrets)
      .values({ workspaceId: ctx.workspace.id, name, ciphertext, createdBy: ctx.userId })
      .onConflictDoUpdate({ target: [secrets.workspaceId, secrets.name], set: { ciphertext, updatedAt: now } })
      .returning({ id: secrets.id, name: secrets.name, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt });
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "secret.set", targetType: "secret", targetId: row!.id, after: { name } });
    return { name: row!.name, createdAt: row!.createdAt, updatedAt: row!.updatedAt };
  });
}

export async function deleteSecret(ctx: WorkspaceCtx, input: { name: string }) {
  const name = secretNameSchema.parse(input.name);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(secrets)
      .where(and(eq(secrets.workspaceId, ctx.workspace.id), eq(secrets.name, name)))
      .returning({ id: secrets.id });
    if (!row) throw notFound("Secret");
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "secret.delete", targetType: "secret", targetId: row.id, before: { name } });
  });
}

/** The runtime's `{{secret.NAME}}` resolver for one workspace; values are decrypted on first use and kept for the call's lifetime. */
export function secretResolver(db: Db, workspaceId: string): (name: string) => Promise<string | undefined> {
  const seen = new Map<string, Promise<string | undefined>>();
  return (name) => {
    if (!seen.has(name)) {
      seen.set(
        name,
        db
          .select({ ciphertext: secrets.ciphertext })
          .from(secrets)
          .where(and(eq(secrets.workspaceId, workspaceId), eq(secrets.name, name)))
          .limit(1)
          .then(([row]) => (row ? decryptSecret(row.ciphertext, workspaceId) : undefined)),
      );
    }
    return seen.get(name)!;
  };
}
