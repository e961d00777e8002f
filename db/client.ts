import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { embeddedDataDir, env } from "@/lib/env";
import { claimEmbeddedDatabase } from "./embedded-owner";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

const migrationsFolder = path.join(process.cwd(), "db/migrations");

/** The postgres.js pools behind a Postgres `Db`: drizzle's, and the one reserved for conversation turns. */
export interface PostgresPools {
  query: postgres.Sql;
  turns: postgres.Sql;
}

// Kept on the handle under a registered symbol, not in a module-level WeakMap: Next.js bundles this module
// once for instrumentation, which opens the database, and again for the routes, which use it; a WeakMap
// in one copy is empty in the other, and the routes' turns then ran without the advisory lock.
const POOLS = Symbol.for("switchback.postgresPools");

/** The postgres.js pools of a Postgres database; undefined on PGlite. */
export function postgresPoolsOf(db: Db): PostgresPools | undefined {
  return (db as unknown as { [POOLS]?: PostgresPools })[POOLS];
}

/** Opens a database and applies pending migrations. `dataDir` may be a folder or `memory://`. */
export async function openDatabase(opts: { url?: string; dataDir: string }): Promise<Database> {
  if (opts.url) {
    await migratePostgresServer(opts.url);
    const client = postgres(opts.url, { max: 10, onnotice: () => undefined });
    const db = drizzlePostgres(client, { schema, casing: "snake_case" }) as unknown as Db;
    // A turn holds its conversation's lock (a transaction) from load to persist; on the query pool, ten
    // concurrent turns would hold every connection while the queries of their tools wait for one. Turns
    // get a pool of their own.
    const turns = postgres(opts.url, { max: 20, onnotice: () => undefined });
    Object.defineProperty(db, POOLS, { value: { query: client, turns } satisfies PostgresPools });
    return { db, kind: "postgres", close: async () => void (await Promise.all([client.end(), turns.end()])) };
  }
  const inMemory = opts.dataDir.startsWith("memory://");
  if (!inMemory) mkdirSync(opts.dataDir, { recursive: true });
  const release = inMemory ? () => undefined : claimEmbeddedDatabase(opts.dataDir);
  try {
    const client = await PGlite.create({ dataDir: opts.dataDir, extensions: { vector } });
    const db = drizzlePglite(client, { schema, casing: "snake_case" });
    await migratePglite(db, { migrationsFolder });
    return { db: db as unknown as Db, kind: "pglite", close: () => client.close().finally(release) };
  } catch (error) {
    release();
    throw error;
  }
}

// Several processes (app instances, test workers) may start at once against one server: a session
// advisory lock on a single connection makes them migrate one after another.
async function migratePostgresServer(url: string) {
  const client = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await client`select pg_advisory_lock(hashtext('switchback:migrate'))`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
  } finally {
    await client.end();
  }
}

// One database per process. Kept on globalThis because Next.js bundles instrumentation and routes
// separately (and re-evaluates modules on reload in dev), and a PGlite folder may be opened only once.
const globalForDb = globalThis as unknown as { switchbackDb?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  const { DATABASE_URL, dataDir } = env();
  globalForDb.switchbackDb ??= openDatabase({ url: DATABASE_URL, dataDir: embeddedDataDir() ?? dataDir });
  return globalForDb.switchbackDb;
}

/** Closes this process's database if it was opened (a command that failed early never opened it). */
export async function closeDatabase(): Promise<void> {
  const open = globalForDb.switchbackDb;
  globalForDb.switchbackDb = undefined;
  if (open) await (await open).close();
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
