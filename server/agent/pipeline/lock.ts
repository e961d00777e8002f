import "server-only";
import type { SQL } from "drizzle-orm";
import { type Db, postgresPoolsOf } from "@/db/client";
import { preparedRunner, type RunSql, sqlRunner } from "@/db/rows";

// Per database handle (one handle is one app instance's view of the database), kept on the handle: Next.js
// may bundle this module more than once, and every copy must queue on the same chains (see db/client.ts).
const CHAINS = Symbol.for("switchback.turnQueues");

/** Runs `fn` after every earlier call on this database with the same key has finished, in arrival order. */
async function inProcessLock<T>(db: Db, key: string, fn: () => Promise<T>): Promise<T> {
  const handle = db as unknown as { [CHAINS]?: Map<string, Promise<unknown>> };
  if (!handle[CHAINS]) Object.defineProperty(handle, CHAINS, { value: new Map() });
  const chains = handle[CHAINS]!;
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

/** The statements of a locked turn: `run` for any, `runLast` for the last one, which commits with it. */
export interface TurnSql {
  run: RunSql;
  runLast: RunSql;
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
export async function withConversationLock<T>(db: Db, conversationId: string, fn: (sql: TurnSql) => Promise<T>): Promise<T> {
  const pools = postgresPoolsOf(db);
  if (!pools) {
    const run = sqlRunner(db);
    return inProcessLock(db, conversationId, () => fn({ run, runLast: run }));
  }
  return inProcessLock(db, conversationId, async () => {
    const connection = await pools.turns.reserve();
    let open = true;
    try {
      // Round trips are most of a turn's database cost, so statements are pipelined: begin and the lock go
      // out with the turn's first statement (postgres.js writes a tick's queries together), and the last
      // statement with the commit. Each statement takes its snapshot when the one before it has finished,
      // so the load still reads after the lock is held.
      const locked = Promise.all([connection`begin`, connection`select pg_advisory_xact_lock(hashtext(${conversationId}))`]);
      locked.catch(() => undefined); // reported by the first statement that awaits it
      const prepared = preparedRunner(connection);
      const run: RunSql = async <R>(query: SQL) => (await Promise.all([locked, prepared<R>(query)]))[1];
      const runLast: RunSql = async <R>(query: SQL) => {
        open = false; // committed, or rolled back by Postgres if the statement failed
        return (await Promise.all([run<R>(query), connection`commit`]))[0];
      };
      const result = await fn({ run, runLast });
      if (open) await Promise.all([locked, connection`commit`]);
      open = false;
      return result;
    } catch (error) {
      if (open) await connection`rollback`.catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  });
}
