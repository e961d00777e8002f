import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversationEvents } from "@/db/schema";

export interface ConversationEvent {
  workspaceId: string;
  conversationId: string;
  type: string;
  payload: Record<string, unknown>;
  /** For the team only (notes): never streamed to the customer. */
  internal?: boolean;
}

/** The advisory lock (two-key space, apart from the turns' one-key conversation locks) that orders a workspace's events. */
export const EVENTS_LOCK = 1_936_417_635;

/**
 * Called inside the change's own transaction, so the change and the event that reports it land together.
 * The workspace's event lock, held to commit, makes ids commit in order: a reader that has seen id n
 * never later meets a smaller one, so "after n" loses nothing (server/agent/pipeline/persist.ts takes
 * the same lock for a turn's events).
 */
export async function recordConversationEvent(tx: Tx, event: ConversationEvent): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${EVENTS_LOCK}, hashtext(${event.workspaceId}))`);
  const [row] = await tx.insert(conversationEvents).values({ ...event, internal: event.internal ?? false }).returning({ id: conversationEvents.id });
  return row!.id;
}
