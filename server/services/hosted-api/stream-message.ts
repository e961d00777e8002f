import "server-only";
import { createUIMessageStream, type UIMessage } from "ai";
import { DomainError } from "@/server/errors";
import type { ApiCtx } from "./context";
import { prepareSend, type SendInput, sendApiMessage } from "./send-message";

/** The `data-status` part after the reply: what `useChat` clients need besides the text. */
export interface TurnStatusData {
  conversationId: string;
  release: number;
  turn: number;
  status: string;
  replayed: boolean;
  citations: unknown[];
}

export type ApiUIMessage = UIMessage<unknown, { status: TurnStatusData }>;

/**
 * A turn as an AI SDK UI message stream (text-start / text-delta / text-end, then `data-status`), so
 * `useChat` with a `DefaultChatTransport` pointed at the messages endpoint works unchanged. A replayed
 * (idempotent) send streams the stored reply in one delta.
 */
export async function streamApiMessage(ctx: ApiCtx, input: SendInput) {
  const prepared = await prepareSend(ctx, input); // 404 / 409 / 413 as plain JSON, before the stream opens
  return createUIMessageStream<ApiUIMessage>({
    async execute({ writer }) {
      const textId = `text-${input.conversationId}-${Date.now()}`;
      let open = false;
      const write = async (delta: string) => {
        if (!open) writer.write({ type: "text-start", id: textId });
        open = true;
        writer.write({ type: "text-delta", id: textId, delta });
        // Give the chunk to the socket before the pipeline continues (in-process databases never yield).
        await new Promise((resolve) => setImmediate(resolve));
      };
      const result = await sendApiMessage(ctx, input, { onText: write, prepared });
      if (result.replayed && result.reply) await write(result.reply);
      if (open) writer.write({ type: "text-end", id: textId });
      writer.write({
        type: "data-status",
        data: { conversationId: result.conversationId, release: result.release, turn: result.turn, status: result.status, replayed: result.replayed, citations: result.citations },
      });
    },
    onError: (error) => {
      if (error instanceof DomainError) return error.message;
      console.error("hosted API stream:", error);
      return "The turn failed; the error was logged";
    },
  });
}
