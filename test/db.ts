import { afterAll } from "vitest";
import { type Database, openDatabase } from "@/db/client";

/**
 * The database a test file runs against: the Postgres server at DATABASE_URL when set (CI runs the
 * suite both ways), otherwise an in-memory PGlite of its own. Tests isolate by creating their own
 * workspace, users and store, never by truncating.
 */
export async function testDatabase(): Promise<Database> {
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: "memory://" });
  afterAll(() => database.close());
  return database;
}
