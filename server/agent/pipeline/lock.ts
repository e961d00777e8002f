import "server-only";
import { type Db, postgresPoolsOf } from "@/db/client";
import { preparedRunner, type RunSql, sqlRunner } from "@/db/rows";

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

/**
 * Serialises turns of one conversation, in arrival order, and hands `fn` the connection to read and
 * write the conversation on. On Postgres: a transaction on the turn pool (see db/client.ts) holding a
 * transaction-scoped advisory lock, which holds across app instances; the turn's load and persist run
 * in it, so they commit with the lock's release. An in-process queue in front of it keeps messages
 * arriving at one instance in their order (two waiters on an advisory lock are woken in no promised
 * order). PGlite is one connection in one process, and a transaction there blocks every other query —
 * including the store's, which the turn's tools reach over HTTP — so the lock is the per-conversation
 * queue alone: with PGlite no other process can open the database.
 */
export async function withConversationLock<T>(db: Db, conversationId: string, fn: (run: RunSql) => Promise<T>): Promise<T> {
  const pools = postgresPoolsOf(db);
  if (!pools) return inProcessLock(conversationId, () => fn(sqlRunner(db)));
  return inProcessLock(conversationId, async () => {
    let result: T | undefined;
    await pools.turns.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${conversationId}))`;
      result = await fn(preparedRunner(tx));
    });
    return result as T;
  });
}
