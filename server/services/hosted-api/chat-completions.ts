import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { conversations } from "@/db/schema";
import { runTurn } from "@/server/agent/run-turn";
import { loadRelease } from "@/server/services/releases/load-release";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import type { ApiCtx } from "./context";
import { createApiConversation, resolveApiAgent } from "./create-conversation";
import { checkRateLimit } from "@/server/services/api-keys/rate-limit";
import { ApiError } from "./errors";
import { type chatCompletionsBody, MAX_REPLAYED_MESSAGES } from "./schemas";
import { type SendInput, sendApiMessage } from "./send-message";

// OpenAI Chat Completions on top of conversations. The request carries the whole history; a Switchback
// conversation is found by the hash of that history (user and assistant turns, in order, without the
// new message and without system prompts), scoped by agent and the optional `user` field. After each
// turn the conversation is re-keyed to the hash including the new exchange, so the client's next call
// (history + reply + new message) finds it again. An unknown history starts a new conversation and
// replays its earlier user messages first, at most MAX_REPLAYED_MESSAGES of them, each counted against
// the key's rate limit, and without running write tools: a history from elsewhere is no customer's
// request to this conversation, so a refund in it is never issued again.

type Body = z.infer<typeof chatCompletionsBody>;
type ChatMessage = Body["messages"][number];

const textOf = (m: ChatMessage) =>
  typeof m.content === "string" ? m.content : (m.content ?? []).map((p) => (p.type === "text" ? (p.text ?? "") : "")).join("");

const normalize = (t: string) => t.replace(/\s+/g, " ").trim();

export function threadKey(agentId: string, user: string | undefined, history: { role: string; text: string }[]): string {
  const h = createHash("sha256").update(`${agentId}\n${user ?? ""}\n`);
  for (const m of history) h.update(`${m.role === "user" ? "u" : "a"}:${normalize(m.text)}\n`);
  return h.digest("hex");
}

export interface CompletionTurn {
  id: string;
  created: number;
  model: string;
  conversationId: string;
  /** Runs the new message; `onText` receives the reply as it is produced. */
  run: (onText?: (delta: string) => void | Promise<void>) => Promise<{ reply: string; status: string; release: number }>;
}

/** Resolves (or creates and catches up) the conversation for a completion request; the caller runs it. */
export async function prepareCompletion(ctx: ApiCtx, input: { agent: string; body: Body; idempotencyKey?: string }): Promise<CompletionTurn> {
  const agent = await resolveApiAgent(ctx, input.agent);
  const dialogue = input.body.messages.filter((m) => m.role === "user" || m.role === "assistant").map((m) => ({ role: m.role, text: textOf(m) }));
  const last = dialogue.at(-1);
  if (!last || last.role !== "user") throw new ApiError("invalid_request", "messages: the last message must be from the user");
  const history = dialogue.slice(0, -1);
  const user = input.body.user;

  let conversationId: string | null = null;
  if (history.length > 0) {
    const [found] = await ctx.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(
        and(
          eq(conversations.workspaceId, ctx.workspaceId),
          eq(conversations.agentId, agent.id),
          eq(conversations.channel, ctx.channel),
          isNull(conversations.endedAt),
          sql`${conversations.metadata} ->> 'openaiThread' = ${threadKey(agent.id, user, history)}`,
        ),
      )
      .orderBy(desc(conversations.updatedAt))
      .limit(1);
    conversationId = found?.id ?? null;
  }
  if (!conversationId) {
    const earlier = history.filter((m) => m.role === "user");
    if (earlier.length > MAX_REPLAYED_MESSAGES) {
      throw new ApiError(
        "history_too_long",
        `messages: this history is unknown here and has ${earlier.length} earlier user messages; at most ${MAX_REPLAYED_MESSAGES} are replayed into a new conversation. Send the history this API answered, or start over with fewer messages`,
      );
    }
    // Each replayed message is a turn: it counts like a request (the request itself was counted already).
    if (earlier.length > 0 && ctx.rateLimit) await checkRateLimit(ctx.db, { ...ctx.rateLimit, cost: earlier.length });
    const created = await createApiConversation(ctx, { agent: agent.id, customer: user ? { id: user } : undefined, metadata: { source: "chat.completions" } });
    conversationId = created.id;
    if (earlier.length > 0) {
      const c = await loadConversationRelease(ctx, conversationId);
      const turnCtx = await buildTurnContext(ctx.db, { workspaceId: ctx.workspaceId, appUrl: ctx.appUrl, config: c.config });
      for (const m of earlier) await runTurn({ ...turnCtx, skipWrites: true }, { conversationId: conversationId!, text: m.text });
    }
  }
  const id = conversationId;
  return {
    id: `chatcmpl-${randomUUID().replace(/-/g, "")}`,
    created: Math.floor(Date.now() / 1000),
    model: input.body.model ?? agent.slug,
    conversationId: id,
    run: async (onText) => {
      const send: SendInput = { conversationId: id, text: last.text, idempotencyKey: input.idempotencyKey };
      const result = await sendApiMessage(ctx, send, { onText });
      const next = threadKey(agent.id, user, [...history, last, { role: "assistant", text: result.reply }]);
      await ctx.db
        .update(conversations)
        .set({ metadata: sql`${conversations.metadata} || ${JSON.stringify({ openaiThread: next })}::jsonb` })
        .where(eq(conversations.id, id));
      return { reply: result.reply, status: result.status, release: result.release };
    },
  };
}

async function loadConversationRelease(ctx: ApiCtx, conversationId: string) {
  const [row] = await ctx.db.select({ releaseId: conversations.releaseId }).from(conversations).where(eq(conversations.id, conversationId)).limit(1);
  return loadRelease(ctx.db, { workspaceId: ctx.workspaceId, releaseId: row!.releaseId! });
}

/** The non-streaming `chat.completion` object. */
export function completionObject(turn: CompletionTurn, out: { reply: string; status: string; release: number }) {
  return {
    id: turn.id,
    object: "chat.completion" as const,
    created: turn.created,
    model: turn.model,
    system_fingerprint: null,
    choices: [{ index: 0, message: { role: "assistant" as const, content: out.reply, refusal: null }, finish_reason: "stop" as const, logprobs: null }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    switchback: { conversation_id: turn.conversationId, status: out.status, release: out.release },
  };
}

/** `chat.completion.chunk` server-sent events ending in `data: [DONE]`. */
export function completionStream(turn: CompletionTurn): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
    encoder.encode(
      `data: ${JSON.stringify({ id: turn.id, object: "chat.completion.chunk", created: turn.created, model: turn.model, system_fingerprint: null, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...extra })}\n\n`,
    );
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(chunk({ role: "assistant", content: "" }, null));
      try {
        let streamed = false;
        const out = await turn.run(async (delta) => {
          streamed = true;
          controller.enqueue(chunk({ content: delta }, null));
          await new Promise((resolve) => setImmediate(resolve));
        });
        if (!streamed && out.reply) controller.enqueue(chunk({ content: out.reply }, null));
        controller.enqueue(chunk({}, "stop", { switchback: { conversation_id: turn.conversationId, status: out.status, release: out.release } }));
      } catch (error) {
        console.error("chat.completions stream:", error);
        controller.enqueue(encoder.encode(`data: ${JSON.stringify({ error: { code: "internal_error", message: "The turn failed; the error was logged" } })}\n\n`));
      }
      controller.enqueue(encoder.encode("data: [DONE]\n\n"));
      controller.close();
    },
  });
}
