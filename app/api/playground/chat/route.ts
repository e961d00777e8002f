import { createUIMessageStreamResponse } from "ai";
import { playgroundChatBody } from "@/server/services/playground/schemas";
import { streamPlaygroundTurn } from "@/server/services/playground/stream-playground-turn";
import { playgroundDoor } from "../door";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return playgroundDoor(request, playgroundChatBody, async (ctx, body) => {
    const last = body.messages.at(-1)!;
    const text = last.parts.map((p) => (p.type === "text" ? (p.text ?? "") : "")).join("");
    // The client's message id makes a retried POST of the same message a replay, not a second turn.
    const stream = await streamPlaygroundTurn(ctx, { agentId: body.agentId, conversationId: body.conversationId, text, idempotencyKey: last.id });
    // no-transform: the server's gzip would otherwise hold the first chunk back until more text arrives.
    return createUIMessageStreamResponse({ stream, headers: { "cache-control": "no-cache, no-transform" } });
  });
}
