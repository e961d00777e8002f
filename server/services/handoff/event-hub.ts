import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import { type Db, postgresPoolsOf } from "@/db/client";

const CHANNEL = "conversation_events";
// Kept on the database handle (one handle is one app instance), like the turn queues in
// server/agent/pipeline/lock.ts: Next.js may bundle this module more than once.
const HUB = Symbol.for("switchback.conversationEventsHub");

interface Hub {
  listeners: Map<string, Set<() => void>>;
  ready: Promise<void>;
}

/**
 * Wakes `onEvent` whenever an event of the conversation is inserted, by any app instance: one LISTEN per
 * instance on the channel the conversation_events trigger notifies (payload: the conversation id). The
 * table stays the source of truth — a woken stream re-reads after its last id — so a missed or folded
 * notification loses nothing. Resolves once listening; returns the unsubscribe.
 */
export async function onConversationEvent(db: Db, conversationId: string, onEvent: () => void): Promise<() => void> {
  const hub = hubOf(db);
  await hub.ready;
  let set = hub.listeners.get(conversationId);
  if (!set) hub.listeners.set(conversationId, (set = new Set()));
  set.add(onEvent);
  return () => {
    set.delete(onEvent);
    if (set.size === 0 && hub.listeners.get(conversationId) === set) hub.listeners.delete(conversationId);
  };
}

function hubOf(db: Db): Hub {
  const handle = db as unknown as { [HUB]?: Hub };
  if (handle[HUB]) return handle[HUB];
  const listeners = new Map<string, Set<() => void>>();
  const notify = (conversationId: string) => {
    for (const listener of listeners.get(conversationId) ?? []) listener();
  };
  const pools = postgresPoolsOf(db);
  // postgres.js keeps a dedicated connection for LISTEN and re-listens after a reconnect; PGlite delivers
  // its own notifications in process.
  const ready = pools
    ? pools.query.listen(CHANNEL, notify).then(() => undefined)
    : (db as unknown as { $client: PGlite }).$client.listen(CHANNEL, notify).then(() => undefined);
  const hub: Hub = { listeners, ready };
  Object.defineProperty(handle, HUB, { value: hub, configurable: true });
  // A failed LISTEN is not kept: the next stream tries again.
  ready.catch(() => delete handle[HUB]);
  return hub;
}
