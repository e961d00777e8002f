"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";

/** How often the inbox asks for events after the last one it has: fast enough to feel live. */
export const INBOX_POLL_MS = 1500;

/**
 * Keeps the inbox live: reads the workspace's conversation events after the last id it has (the durable
 * `conversation_events` table, so a change made through any instance shows up) and refreshes the queue and
 * the open conversation when something happened to them. Returns whether the last read worked.
 */
export function useInboxEvents(workspace: string): { connected: boolean } {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(true);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let after: number | null = null;

    async function tick() {
      try {
        // A read after 0 returns no events, only the id to follow from (a workspace without events has 0).
        const res = await client.inbox.events.query({ workspace, after: after ?? 0 });
        if (stopped) return;
        if (after !== null && (res.events.length || res.lastId !== after)) {
          await queryClient.invalidateQueries({ queryKey: trpc.inbox.list.queryKey() });
          for (const id of new Set(res.events.map((e) => e.conversationId))) {
            await queryClient.invalidateQueries({ queryKey: trpc.inbox.get.queryKey({ workspace, conversationId: id }) });
          }
        }
        after = res.lastId;
        setConnected(true);
      } catch {
        // Offline or the server restarting: say so and try again on the next tick.
        if (!stopped) setConnected(false);
      }
      if (!stopped) timer = setTimeout(tick, INBOX_POLL_MS);
    }
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, queryClient, trpc, workspace]);

  return { connected };
}

/** Re-renders every `ms` so waiting times tick without refetching. */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
