import "server-only";
import { timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { stores } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { hashStoreCredential, storeCredentialSecret } from "./credential";

// Every store call is verified, so a store's key hash is kept in memory for a few seconds (the API
// bench makes hundreds of store calls a second). A key that does not match the cached hash reads the
// store again before it is refused, so a key issued on another instance works at once; a rotated-out
// key keeps working on other instances for at most TTL_MS.
const TTL_MS = 10_000;
const verifiers = new Map<string, { db: Db; hash: Buffer; expires: number }>();

/** Drops a store's cached hash (its key was just issued or rotated in this process). */
export function forgetStoreVerifier(storeId: string): void {
  verifiers.delete(storeId);
}

const refused = () => new DomainError("unauthorized", `This API key is not valid for this store: use the workspace's ${storeCredentialSecret} secret`);
const matches = (hash: Buffer, presented: Buffer) => hash.length === presented.length && timingSafeEqual(hash, presented);

/** Accepts a call to store `storeId` only with the key it issued to its workspace, as `Authorization: Bearer <key>`. */
export async function verifyStoreCredential(db: Db, storeId: string, authorization: string | null | undefined): Promise<void> {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!key) throw new DomainError("unauthorized", `Send the store's API key as \`Authorization: Bearer <key>\` (the workspace's ${storeCredentialSecret} secret)`);
  // Store ids are seeded slugs; anything else (a NUL byte, 10 kB of path) is refused before the database.
  if (!/^[\w.-]{1,128}$/.test(storeId)) throw refused();
  const presented = hashStoreCredential(key);
  const cached = verifiers.get(storeId);
  if (cached && cached.db === db && cached.expires > Date.now() && matches(cached.hash, presented)) return;

  const [store] = await db.select({ credentialHash: stores.credentialHash }).from(stores).where(eq(stores.id, storeId)).limit(1);
  if (!store) {
    verifiers.delete(storeId); // unknown stores are not cached, so made-up store ids cannot grow the map
    throw refused();
  }
  const hash = Buffer.from(store.credentialHash, "hex");
  verifiers.set(storeId, { db, hash, expires: Date.now() + TTL_MS });
  if (!matches(hash, presented)) throw refused();
}
