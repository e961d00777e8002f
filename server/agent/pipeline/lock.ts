import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { type Db, lockClientFor } from "@/db/client";

const chains = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier call with the same key has finished, in arrival order. */
async function inProcessLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const current = previous.then(fn, fn);
  const tail = current.catch(() => undefined);
  chains.set(key, tail);
  try {
    return await current;
  } finally {
    if (chains.get(key) === tail) chains.delete(key);
  }
}

const isPglite = (db: Db) => (db as unknown as { $client?: unknown }).$client instanceof PGlite;

/**
 * Serialises turns of one conversation, in arrival order. On Postgres: a transaction-scoped advisory
 * lock, which holds across app instances, taken on the lock pool (see db/client.ts); an in-process queue in front of it keeps messages arriving at
 * one instance in their order (two waiters on an advisory lock are woken in no promised order). PGlite is one connection in one process, and a transaction there blocks every
 * other query — including the store's, which the turn's tools reach over HTTP — so the lock is a
 * per-conversation queue in this process instead: with PGlite no other process can open the database.
 */
export async function withConversationLock<T>(db: Db, conversationId: string, fn: () => Promise<T>): Promise<T> {
  const locks = lockClientFor(db);
  if (isPglite(db) || !locks) return inProcessLock(conversationId, fn);
  return inProcessLock(conversationId, async () => {
    let result: T | undefined;
    await locks.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${conversationId}))`;
      result = await fn();
    });
    return result as T;
  });
}
