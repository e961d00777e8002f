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
  const saved = await ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [row] = await tx
      .insert(secrets)
      .values({ workspaceId: ctx.workspace.id, name, ciphertext, createdBy: ctx.userId })
      .onConflictDoUpdate({ target: [secrets.workspaceId, secrets.name], set: { ciphertext, updatedAt: now } })
      .returning({ id: secrets.id, name: secrets.name, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt });
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "secret.set", targetType: "secret", targetId: row!.id, after: { name } });
    return { name: row!.name, createdAt: row!.createdAt, updatedAt: row!.updatedAt };
  });
  forgetSecret(ctx.workspace.id, name); // after the commit, so no reader caches the old value again
  return saved;
}

export async function deleteSecret(ctx: WorkspaceCtx, input: { name: string }) {
  const name = secretNameSchema.parse(input.name);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(secrets)
      .where(and(eq(secrets.workspaceId, ctx.workspace.id), eq(secrets.name, name)))
      .returning({ id: secrets.id });
    if (!row) throw notFound("Secret");
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "secret.delete", targetType: "secret", targetId: row.id, before: { name } });
  });
  forgetSecret(ctx.workspace.id, name);
}

// Decrypted values are kept a few seconds per process: the hosted API resolves a tool's secret on every
// turn (hundreds a second), and a database round trip each time was ~15% of its throughput. Setting or
// deleting a secret drops it here at once; other instances read the new value within TTL_MS.
const TTL_MS = 10_000;
const values = new Map<string, { db: Db; value: string; expires: number }>();
const cacheKey = (workspaceId: string, name: string) => `${workspaceId}/${name}`;

/** Drops a secret's cached value in this process (it was just set, rotated or deleted). */
export function forgetSecret(workspaceId: string, name: string): void {
  values.delete(cacheKey(workspaceId, name));
}

async function readSecret(db: Db, workspaceId: string, name: string): Promise<string | undefined> {
  const key = cacheKey(workspaceId, name);
  const now = Date.now();
  const cached = values.get(key);
  if (cached && cached.db === db && cached.expires > now) return cached.value;
  const [row] = await db
    .select({ ciphertext: secrets.ciphertext })
    .from(secrets)
    .where(and(eq(secrets.workspaceId, workspaceId), eq(secrets.name, name)))
    .limit(1);
  if (!row) {
    values.delete(key);
    return undefined;
  }
  const value = decryptSecret(row.ciphertext, workspaceId);
  if (values.size >= 10_000) for (const [k, v] of values) if (v.expires <= now) values.delete(k);
  values.set(key, { db, value, expires: now + TTL_MS });
  return value;
}

/** The runtime's `{{secret.NAME}}` resolver for one workspace; values are decrypted on first use and kept for the call's lifetime. */
export function secretResolver(db: Db, workspaceId: string): (name: string) => Promise<string | undefined> {
  const seen = new Map<string, Promise<string | undefined>>();
  return (name) => {
    if (!seen.has(name)) seen.set(name, readSecret(db, workspaceId, name));
    return seen.get(name)!;
  };
}
