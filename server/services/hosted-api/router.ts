import "server-only";
import { createUIMessageStreamResponse } from "ai";
import type { Db } from "@/db/client";
import { readJson as readJsonBody } from "@/server/http/read-json";
import { apiKeyRateLimitKey, authenticateApiKey } from "@/server/services/api-keys/authenticate-api-key";
import { checkRateLimit } from "@/server/services/api-keys/rate-limit";
import { authenticateWidget } from "@/server/services/widget/authenticate-widget";
import { widgetPublicConfig } from "@/server/services/widget/widget-keys";
import { completionObject, completionStream, prepareCompletion } from "./chat-completions";
import type { ApiCtx } from "./context";
import { createApiConversation } from "./create-conversation";
import { exportApiCustomer, forgetApiCustomer } from "./customers";
import { endApiConversation } from "./end-conversation";
import { ApiError, errorResponse } from "./errors";
import { getApiConversation } from "./get-conversation";
import { openApiDocument } from "./openapi";
import { chatCompletionsBody, createConversationBody, endConversationBody, MAX_BODY_BYTES, sendMessageBody, widgetConversationBody } from "./schemas";
import { sendApiMessage } from "./send-message";
import { streamConversationEvents } from "./stream-events";
import { streamApiMessage } from "./stream-message";

export interface HostedApiEnv {
  db: Db;
  /** Base URL the agents' tools resolve `{{appUrl}}` to (the demo store is this app). */
  appUrl: string;
}

const WIDGET_RATE_LIMIT = 1200;
const SSE_HEADERS = { "cache-control": "no-cache, no-transform" };

/**
 * Every `/api/v1/*` request: authenticate (API key, or widget key + origin), rate-limit, read a bounded
 * JSON body, dispatch, and map any error to the stable JSON shape. The Next route and the tests' and
 * bench's node:http servers all call this one function.
 */
export async function handleHostedApi(env: HostedApiEnv, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/^\/api\/v1/, "").replace(/\/$/, "") || "/";
  const segments = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (segments[0] === "widget") return handleWidget(env, request, url, segments.slice(1));
  try {
    if (path === "/openapi.json" && request.method === "GET") return Response.json(openApiDocument(url.origin));
    const principal = await authenticateApiKey(env.db, bearer(request));
    const rateLimit = { key: apiKeyRateLimitKey(principal.keyId), limitPerMinute: principal.rateLimitPerMinute };
    const ctx: ApiCtx = { db: env.db, appUrl: env.appUrl, workspaceId: principal.workspaceId, channel: "api", rateLimit };
    return await dispatch(ctx, request, segments);
  } catch (error) {
    return errorResponse(error);
  }
}

function bearer(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

async function dispatch(ctx: ApiCtx, request: Request, s: string[]): Promise<Response> {
  const method = request.method;
  const route = (m: string, pattern: string[]) => m === method && pattern.length === s.length && pattern.every((p, i) => p === "*" || p === s[i]);

  if (route("POST", ["conversations"])) {
    return Response.json(await createApiConversation(ctx, createConversationBody.parse(await readJson(request))), { status: 201 });
  }
  if (route("GET", ["conversations", "*"])) return Response.json(await getApiConversation(ctx, { conversationId: s[1]! }));
  if (route("GET", ["conversations", "*", "events"])) {
    // EventSource cannot set headers on its first request: `?lastEventId=` stands in for Last-Event-ID.
    const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
    const stream = await streamConversationEvents(ctx, { conversationId: s[1]!, lastEventId, signal: request.signal });
    return new Response(stream, { headers: { "content-type": "text/event-stream; charset=utf-8", ...SSE_HEADERS } });
  }
  if (route("POST", ["conversations", "*", "messages"])) return sendMessage(ctx, request, s[1]!);
  if (route("POST", ["conversations", "*", "end"])) {
    return Response.json(await endApiConversation(ctx, { conversationId: s[1]!, ...endConversationBody.parse((await readJson(request, { optional: true })) ?? {}) }));
  }
  if (ctx.channel === "api" && route("POST", ["agents", "*", "chat", "completions"])) {
    const body = chatCompletionsBody.parse(await readJson(request));
    const turn = await prepareCompletion(ctx, { agent: s[1]!, body, idempotencyKey: idempotencyKey(request) });
    if (body.stream) return new Response(completionStream(turn), { headers: { "content-type": "text/event-stream; charset=utf-8", ...SSE_HEADERS } });
    return Response.json(completionObject(turn, await turn.run()));
  }
  // Privacy: a customer by the brand's id (API keys only).
  if (ctx.channel === "api" && route("DELETE", ["customers", "*"])) return Response.json(await forgetApiCustomer(ctx, s[1]!));
  if (ctx.channel === "api" && route("GET", ["customers", "*", "export"])) return Response.json(await exportApiCustomer(ctx, s[1]!));
  const known = ["conversations", "agents", "customers"].includes(s[0] ?? "");
  throw known ? new ApiError("method_not_allowed", `${method} is not supported here`) : new ApiError("not_found", "No such endpoint: see /api/v1/openapi.json");
}

async function sendMessage(ctx: ApiCtx, request: Request, conversationId: string): Promise<Response> {
  const body = sendMessageBody.parse(await readJson(request));
  const lastUser = body.messages?.filter((m) => m.role === "user").at(-1);
  const text = body.text ?? lastUser?.parts.map((p) => (p.type === "text" ? (p.text ?? "") : "")).join("") ?? "";
  // useChat sends no Idempotency-Key, but its message id identifies a retried send just as well.
  const input = { conversationId, text, idempotencyKey: idempotencyKey(request) ?? (body.text === undefined ? lastUser?.id : undefined) };
  // `useChat` (a `messages` body) always reads a stream; other clients ask for one with Accept.
  if (request.headers.get("accept")?.includes("text/event-stream") || body.text === undefined) {
    return createUIMessageStreamResponse({ stream: await streamApiMessage(ctx, input), headers: SSE_HEADERS });
  }
  const { messages, status, citations, release, turn, replayed } = await sendApiMessage(ctx, input);
  return Response.json({ messages, status, citations, release, turn, replayed });
}

function idempotencyKey(request: Request): string | undefined {
  const key = request.headers.get("idempotency-key")?.trim();
  if (key && key.length > 200) throw new ApiError("invalid_request", "Idempotency-Key is limited to 200 characters");
  return key || undefined;
}

/** The body as JSON, within MAX_BODY_BYTES and free of text Postgres cannot store (errors.ts maps the failures). */
async function readJson(request: Request, opts: { optional?: boolean } = {}): Promise<unknown> {
  const value = await readJsonBody(request, MAX_BODY_BYTES);
  if (value === undefined && !opts.optional) throw new ApiError("invalid_request", "The request needs a JSON body");
  return value;
}

// ---- The widget's endpoints: a public key bound to one agent, usable only from its allowed origins.

async function handleWidget(env: HostedApiEnv, request: Request, url: URL, s: string[]): Promise<Response> {
  const origin = request.headers.get("origin");
  const publicKey = url.searchParams.get("key") ?? request.headers.get("x-widget-key");
  let cors: Record<string, string> = {};
  try {
    const widget = await authenticateWidget(env.db, { publicKey, origin });
    // CORS headers only for an allowed origin: any other site's browser cannot read the answers.
    cors = {
      "access-control-allow-origin": widget.origin,
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": "content-type, idempotency-key, accept, last-event-id",
      "access-control-max-age": "600",
      vary: "Origin",
    };
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: cors });
    await checkRateLimit(env.db, { key: `widget:${widget.widgetKeyId}`, limitPerMinute: WIDGET_RATE_LIMIT });
    const ctx: ApiCtx = { db: env.db, appUrl: env.appUrl, workspaceId: widget.workspaceId, channel: "widget", agentId: widget.agentId };
    let response: Response;
    if (request.method === "GET" && s.length === 1 && s[0] === "config") {
      response = Response.json(await widgetPublicConfig(ctx, { workspaceId: widget.workspaceId, agentId: widget.agentId, theme: widget.theme }));
    } else if (request.method === "POST" && s.length === 1 && s[0] === "conversations") {
      const body = widgetConversationBody.parse((await readJson(request, { optional: true })) ?? {});
      response = Response.json(await createApiConversation(ctx, { agent: widget.agentId, ...body }), { status: 201 });
    } else {
      response = await dispatch(ctx, request, s);
    }
    for (const [k, v] of Object.entries(cors)) response.headers.set(k, v);
    return response;
  } catch (error) {
    return errorResponse(error, cors);
  }
}
