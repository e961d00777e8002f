import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";

/**
 * Serialises a person's change to a conversation with its turns (server/agent/pipeline/lock.ts takes the
 * same lock on Postgres), so a running turn finishes first and the next one sees the change.
 */
export async function lockConversation(tx: Tx, conversationId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${conversationId}))`);
}
