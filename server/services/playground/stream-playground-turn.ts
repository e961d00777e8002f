import "server-only";
import { createUIMessageStream, type UIMessage } from "ai";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { runTurn } from "@/server/agent/run-turn";
import type { Citation, TraceEvent, TurnCtx } from "@/server/agent/types";
import { DomainError } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { getPlaygroundConversation } from "./playground-conversation";

/** The `data-turn` part written after each turn: what the timeline needs before the database is re-read. */
export interface TurnData {
  conversationId: string;
  turn: number;
  status: string;
  journey: string | null;
  handoff: unknown;
  model: string;
  trace: TraceEvent[];
  /** Knowledge the reply quoted. */
  citations: Citation[];
}

/** A stored message carries its citations as metadata; a streamed reply, in its `data-turn` part. */
export type PlaygroundUIMessage = UIMessage<{ citations?: Citation[] }, { turn: TurnData }>;

export interface PlaygroundTurnInput {
  agentId: string;
  conversationId: string;
  text: string;
  idempotencyKey?: string;
}

/**
 * One playground turn as an AI SDK UI message stream: the reply's pieces as text parts the moment the
 * output guardrails pass them, then the turn's trace and status as a `data-turn` part.
 */
export async function streamPlaygroundTurn(ctx: WorkspaceCtx & { appUrl: string }, input: PlaygroundTurnInput) {
  await getPlaygroundConversation(ctx, input); // before the stream opens, so a foreign id is a plain 404
  const turnCtx: TurnCtx = await buildTurnContext(ctx.db, { workspaceId: ctx.workspace.id, appUrl: ctx.appUrl });
  return createUIMessageStream<PlaygroundUIMessage>({
    async execute({ writer }) {
      const textId = `text-${input.conversationId}-${Date.now()}`;
      let open = false;
      const result = await runTurn(
        turnCtx,
        { conversationId: input.conversationId, text: input.text, idempotencyKey: input.idempotencyKey },
        {
          onText: async (delta) => {
            if (!open) writer.write({ type: "text-start", id: textId });
            open = true;
            writer.write({ type: "text-delta", id: textId, delta });
            // Let the chunk reach the socket before the pipeline goes on (with an in-process database the
            // rest of the turn would otherwise finish first and the whole reply would arrive at once).
            await new Promise((resolve) => setImmediate(resolve));
          },
        },
      );
      if (open) writer.write({ type: "text-end", id: textId });
      writer.write({
        type: "data-turn",
        data: {
          conversationId: result.conversationId,
          turn: result.turn,
          status: result.status,
          journey: result.journey,
          handoff: result.handoff,
          model: turnCtx.models.kind,
          trace: result.trace,
          citations: result.citations,
        },
      });
    },
    // Domain errors carry messages written for the builder; anything else stays on the server.
    onError: (error) => (error instanceof DomainError ? error.message : "The turn failed: see the server log"),
  });
}
