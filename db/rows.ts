import "server-only";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import { type Db, postgresPoolsOf, type Tx } from "./client";

/** `db.execute` returns rows directly on postgres.js and as `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

/** Runs one hand-written statement and returns its rows, columns named as in the SQL (select timestamps as text: the two drivers parse them differently). */
export type RunSql = <T>(query: SQL) => Promise<T[]>;

const dialect = new PgDialect({ casing: "snake_case" }); // as db/client.ts configures drizzle

/**
 * For the statements every turn and API request runs. drizzle sends its queries unnamed, so Postgres
 * parses and plans them each time; these go as named prepared statements (postgres.js keeps them per
 * connection, for the connection's lifetime), which saves most of a small statement's server time.
 */
export function preparedRunner(sql: postgres.Sql | postgres.TransactionSql): RunSql {
  return async <T>(query: SQL) => {
    const compiled = dialect.sqlToQuery(query);
    return (await sql.unsafe(compiled.sql, compiled.params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
  };
}

/** The runner for a database: prepared statements on Postgres's query pool; drizzle on PGlite and in a transaction. */
export function sqlRunner(db: Db | Tx): RunSql {
  const pools = postgresPoolsOf(db as Db);
  if (pools) return preparedRunner(pools.query);
  return async <T>(query: SQL) => rowsOf<T>(await db.execute(query));
}
