import "server-only";
import { and, asc, eq, gt, ne, or } from "drizzle-orm";
import { conversationEvents } from "@/db/schema";
import { onConversationEvent } from "@/server/services/handoff/event-hub";
import { TYPING_FRESH_MS } from "@/server/services/handoff/signal-typing";
import type { ApiCtx } from "./context";
import { ApiError } from "./errors";
import { findApiConversation } from "./messages";

const HEARTBEAT_MS = 15_000;
const BATCH = 200;

/**
 * The conversation's event stream as server-sent events: AI, human and customer messages and owner changes
 * (never the team's internal notes), each with its event id. Without Last-Event-ID it starts at the
 * beginning; with one it resumes after it, so a reconnecting client gets each event exactly once, in
 * order. Live: the instance's LISTEN wakes the stream and it re-reads after its last id.
 */
export async function streamConversationEvents(ctx: ApiCtx, input: { conversationId: string; lastEventId: string | null; signal?: AbortSignal }): Promise<ReadableStream<Uint8Array>> {
  const c = await findApiConversation(ctx, input.conversationId);
  let last = await resumePoint(ctx, c.id, input.lastEventId);
  const encoder = new TextEncoder();
  let dirty = true;
  let wake: (() => void) | null = null;
  let closed = false;
  const stop = await onConversationEvent(ctx.db, c.id, () => {
    dirty = true;
    wake?.();
  });
  const read = () =>
    ctx.db
      .select({ id: conversationEvents.id, type: conversationEvents.type, payload: conversationEvents.payload, createdAt: conversationEvents.createdAt })
      .from(conversationEvents)
      .where(
        and(
          eq(conversationEvents.conversationId, c.id),
          eq(conversationEvents.internal, false),
          gt(conversationEvents.id, last),
          // A replayed "is typing" from minutes ago would show a person typing who is long gone.
          or(ne(conversationEvents.type, "typing"), gt(conversationEvents.createdAt, new Date(Date.now() - TYPING_FRESH_MS))),
        ),
      )
      .orderBy(asc(conversationEvents.id))
      .limit(BATCH);
  const finish = () => {
    closed = true;
    stop();
    wake?.();
  };
  input.signal?.addEventListener("abort", finish, { once: true });

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      // The browser's EventSource retries after this long, sending the last id it saw.
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      try {
        while (!closed) {
          if (dirty) {
            dirty = false;
            const rows = await read();
            for (const e of rows) {
              const data = JSON.stringify({ type: e.type, conversationId: c.id, ...e.payload, createdAt: e.createdAt.toISOString() });
              controller.enqueue(encoder.encode(`id: ${e.id}\nevent: ${e.type}\ndata: ${data}\n\n`));
              last = e.id;
            }
            if (rows.length === BATCH) dirty = true;
            continue;
          }
          const timedOut = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(true), HEARTBEAT_MS);
            wake = () => {
              clearTimeout(timer);
              resolve(false);
            };
          });
          wake = null;
          if (timedOut && !closed) {
            // A comment keeps proxies from closing an idle stream; re-reading covers a lost notification.
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
            dirty = true;
          }
        }
        controller.close();
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    cancel: finish,
  });
}

/** The id to resume after: 0 without Last-Event-ID; otherwise it must be one of this conversation's events. */
async function resumePoint(ctx: ApiCtx, conversationId: string, lastEventId: string | null): Promise<number> {
  const raw = lastEventId?.trim();
  if (!raw) return 0;
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(id)) throw new ApiError("invalid_request", "Last-Event-ID must be the id of an event this stream sent (a whole number)");
  if (id === 0) return 0;
  const [known] = await ctx.db
    .select({ id: conversationEvents.id })
    .from(conversationEvents)
    .where(and(eq(conversationEvents.id, id), eq(conversationEvents.conversationId, conversationId)));
  if (!known) throw new ApiError("invalid_request", `Last-Event-ID ${id} is not an event of this conversation: reconnect without it to receive the stream from the start`);
  return id;
}
