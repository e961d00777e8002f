import "server-only";
import type { Db, Tx } from "@/db/client";

/** What pg-boss needs from a database: one method. */
export interface QueueDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

type PostgresJsClient = {
  unsafe(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  begin?: (run: (tx: PostgresJsClient) => Promise<unknown>) => Promise<unknown>;
};

/** pg-boss's maintenance commands come wrapped as `BEGIN; …; COMMIT;`. */
const WRAPPED_TRANSACTION = /^\s*BEGIN;([\s\S]*)COMMIT;\s*$/;
type PgliteClient = {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  exec(text: string): Promise<{ rows: Record<string, unknown>[] }[]>;
};

// pg-boss passes parameters as node-postgres takes them: undefined for "not set" and plain objects for
// json columns. postgres.js refuses undefined and does not serialise an object it has no type for.
function toPostgresJs(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}

/**
 * pg-boss over the app's own connection: the postgres.js pool (or transaction) on a server, the PGlite
 * handle in-process, which cannot be opened a second time. Given a transaction, a job is sent in it and
 * exists only if the transaction commits.
 */
export function queueDbOf(db: Db | Tx): QueueDb {
  // drizzle keeps the driver's client (pool, transaction or PGlite handle) on its session.
  const client = (db as unknown as { session: { client: PostgresJsClient | PgliteClient } }).session.client;
  if ("unsafe" in client) {
    return {
      executeSql: async (text, values) => {
        // postgres.js refuses a bare BEGIN on a pool (the next query could go to another connection): the
        // statements run in its own transaction instead, as one multi-statement query (no parameters).
        const wrapped = values?.length || !client.begin ? null : WRAPPED_TRANSACTION.exec(text);
        if (wrapped) {
          await client.begin!((tx) => tx.unsafe(wrapped[1]!));
          return { rows: [] };
        }
        return { rows: [...(await client.unsafe(text, (values ?? []).map(toPostgresJs)))] };
      },
    };
  }
  return {
    executeSql: async (text, values) => {
      if (values && values.length > 0) return client.query(text, values);
      // PGlite's query() takes a single statement; exec() runs several and answers each one's rows.
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}
