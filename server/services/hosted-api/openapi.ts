import { z } from "zod";
import { apiErrorCodes } from "./errors";
import { chatCompletionsBody, createConversationBody, endConversationBody, MAX_BODY_BYTES, MAX_MESSAGE_CHARS, MAX_REPLAYED_MESSAGES, sendMessageBody, widgetConversationBody } from "./schemas";

// The hosted API's OpenAPI 3.1 document: paths written here, request bodies generated from the zod
// schemas the handlers parse with, so the two cannot drift apart.

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const json = (ref: string) => ({ content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });
const errors = (...codes: (keyof typeof apiErrorCodes)[]) =>
  Object.fromEntries(
    [...new Set(codes.map((c) => apiErrorCodes[c]))].map((status) => [
      String(status),
      { description: codes.filter((c) => apiErrorCodes[c] === status).join(", "), ...json("Error") },
    ]),
  );
const common = ["unauthorized", "invalid_request", "payload_too_large", "rate_limited"] as const;
const conversationId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const customerId = { name: "id", in: "path", required: true, schema: { type: "string", minLength: 1, maxLength: 256 }, description: "Your id for the customer" };

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchback hosted API",
      version: "1.0.0",
      description: [
        "Serve your published agents to your website and backend.",
        "Authenticate with a workspace API key: `Authorization: Bearer sb_live_…` (create one in the studio, Settings → API keys, or with `switchback apikey create`).",
        "Every conversation runs the release it started on, for its whole life. Errors are `{ error: { code, message } }` with stable codes.",
        `Limits: messages up to ${MAX_MESSAGE_CHARS} characters, request bodies up to ${MAX_BODY_BYTES / 1024} KB, and the key's requests per minute (429 with Retry-After).`,
        "Text anywhere in a body must be well-formed Unicode without NUL (422 `invalid_text`), and JSON values nest at most 64 levels (422 `nesting_too_deep`).",
      ].join("\n\n"),
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ apiKey: [] }],
    paths: {
      "/conversations": {
        post: {
          operationId: "createConversation",
          summary: "Start a conversation",
          description:
            "Uses the pinned `release`, else the canary for its share of customers (sticky per `customer.id`), else the live release. 409 when nothing is published. With `customer.id` the conversation joins that customer's profile (created on first sight; `attributes` merged): an API key is your server speaking, so the id is trusted as your customer's in this workspace. `customer.verified: true` also starts the session verified as that id (the gate treats it as the verifying lookup's result); the agent recalls what the workspace lets it remember about the customer (the greeting may use `{{memory.*}}`).",
          requestBody: { required: true, ...json("CreateConversation") },
          responses: { "201": { description: "Created, with the greeting", ...json("Conversation") }, ...errors(...common, "not_found", "conflict") },
        },
      },
      "/conversations/{id}": {
        get: {
          operationId: "getConversation",
          summary: "Read a conversation and its messages",
          parameters: [conversationId],
          responses: { "200": { description: "The conversation", ...json("Conversation") }, ...errors("unauthorized", "not_found", "rate_limited") },
        },
      },
      "/conversations/{id}/events": {
        get: {
          operationId: "conversationEvents",
          summary: "Follow a conversation live: its messages and owner changes as server-sent events",
          description:
            "An endless `text/event-stream`. Each event has an `id` (increasing), an `event` name and JSON `data` (`{ type, conversationId, createdAt, … }`): `message.created` (`message`: `{ id, role: customer | agent | human, text, turn, authorName, createdAt }` — a person's reply carries their name), `conversation.handoff` (waiting for a person), `conversation.claimed` / `conversation.assigned` (`assignee`: `{ id, name }` — a person joins), `conversation.handed_back` (the AI answers again), `conversation.resolved` (`outcome`), `conversation.closed`; every state event has `owner` and `status`. The team's internal notes never appear. Without `Last-Event-ID` the stream starts at the conversation's first event; with it (or `?lastEventId=`, for an EventSource's first request) it resumes after that event, so a reconnecting client receives each event exactly once and in order. An id that is not an event of this conversation is 422. A comment line every 15 s keeps idle connections open. Works across app instances. The widget reads its own conversations' streams at `/widget/conversations/{id}/events?key=…`.",
          parameters: [
            conversationId,
            { name: "Last-Event-ID", in: "header", required: false, schema: { type: "string", pattern: "^\\d+$" } },
            { name: "lastEventId", in: "query", required: false, schema: { type: "string", pattern: "^\\d+$" } },
          ],
          responses: {
            "200": { description: "The event stream", content: { "text/event-stream": { schema: { type: "string", description: "id: <n>\\nevent: <type>\\ndata: <json>" } } } },
            ...errors("unauthorized", "not_found", "invalid_request", "rate_limited"),
          },
        },
      },
      "/conversations/{id}/messages": {
        post: {
          operationId: "sendMessage",
          summary: "Send the customer's message and get the reply",
          description:
            "With `Accept: text/event-stream` the reply streams as an AI SDK UI message stream (text-start, text-delta, text-end, then a `data-status` part), so `useChat` works against this URL. `Idempotency-Key`: a retried send returns the stored reply instead of running again.",
          parameters: [conversationId, { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 } }],
          requestBody: { required: true, ...json("SendMessage") },
          responses: {
            "200": {
              description: "The agent's reply",
              content: {
                "application/json": { schema: { $ref: "#/components/schemas/Turn" } },
                "text/event-stream": { schema: { type: "string", description: "AI SDK UI message stream (SSE)" } },
              },
            },
            ...errors(...common, "not_found", "conflict", "message_too_long"),
          },
        },
      },
      "/conversations/{id}/end": {
        post: {
          operationId: "endConversation",
          summary: "End a conversation with an outcome and CSAT",
          parameters: [conversationId],
          requestBody: { required: false, ...json("EndConversation") },
          responses: { "200": { description: "Ended", ...json("EndedConversation") }, ...errors(...common, "not_found", "conflict") },
        },
      },
      "/agents/{agent}/chat/completions": {
        post: {
          operationId: "chatCompletions",
          summary: "OpenAI-compatible chat completions",
          description:
            "Point the official `openai` SDK at `…/api/v1/agents/{agent}` with your API key. The message history maps to one conversation (found by the hash of the history and the `user` field); an unknown history starts a new conversation and replays its earlier user messages: at most " + MAX_REPLAYED_MESSAGES + " of them (more is 422 `history_too_long`), each counted against the key's requests per minute, and without running write tools (an action in a history from elsewhere is never executed again). System prompts and `model` do not change the agent. `stream: true` sends `chat.completion.chunk` events ending with `data: [DONE]`.",
          parameters: [{ name: "agent", in: "path", required: true, schema: { type: "string" }, description: "The agent's id or slug" }],
          requestBody: { required: true, ...json("ChatCompletionsRequest") },
          responses: {
            "200": { description: "`chat.completion` (or an SSE stream of `chat.completion.chunk`)", content: { "application/json": { schema: { type: "object" } }, "text/event-stream": { schema: { type: "string" } } } },
            ...errors(...common, "not_found", "conflict", "message_too_long", "history_too_long"),
          },
        },
      },
      "/customers/{id}": {
        delete: {
          operationId: "forgetCustomer",
          summary: "Forget a customer: erase their conversations, messages, memory, traces and annotations",
          description:
            "`id` is your id for the customer (as sent in `customer.id`). In one transaction: every conversation of theirs with its messages, traces, tool executions, webhook deliveries, notes, tags, corrections, scores and annotations, their memory and profile, and personal data in audit entries about them. Insights keep aggregate counts only. Their conversations then answer 404. 404 when the workspace has no such customer. Cannot be undone.",
          parameters: [customerId],
          responses: { "200": { description: "Erased, with what was removed (counts only)", ...json("CustomerErasure") }, ...errors("unauthorized", "not_found", "rate_limited") },
        },
      },
      "/customers/{id}/export": {
        get: {
          operationId: "exportCustomer",
          summary: "Export everything held about a customer as JSON",
          description: "Their profile, every conversation with its messages, tags, notes, corrections, scores and annotation, and their memory (`{ switchback: \"customer-export\", version: 1, … }`). 404 when the workspace has no such customer.",
          parameters: [customerId],
          responses: { "200": { description: "The export", content: { "application/json": { schema: { type: "object" } } } }, ...errors("unauthorized", "not_found", "rate_limited") },
        },
      },
      "/widget/conversations": {
        post: {
          operationId: "widgetCreateConversation",
          summary: "Start a widget conversation (widget key, from an allowed origin)",
          description:
            "`identityToken`: a token your server signed for the signed-in shopper with the workspace's identity secret — `sb1.<base64url JSON {workspace, id, attributes?, exp, nonce}>.<base64url HMAC-SHA256(secret, \"sb1.\" + payload)>` or an HS256 JWT (`aud` workspace, `sub` id, `exp`, `jti` nonce, `attributes`). A valid one starts the conversation verified as `id`; an unsigned, forged, expired, replayed (nonce seen before) or other workspace's token is a 401 whose message names the reason. Without a token the widget's `customer` is not trusted.",
          security: [{ widgetKey: [] }],
          requestBody: { required: false, ...json("WidgetConversation") },
          responses: { "201": { description: "Created", ...json("Conversation") }, ...errors(...common, "unauthorized", "forbidden", "conflict") },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A workspace API key (sb_live_…)" },
        widgetKey: { type: "apiKey", in: "query", name: "key", description: "A public widget key (sb_pub_…); valid only from its allowed origins" },
      },
      schemas: {
        CreateConversation: schema(createConversationBody),
        WidgetConversation: schema(widgetConversationBody),
        SendMessage: schema(sendMessageBody),
        EndConversation: schema(endConversationBody),
        ChatCompletionsRequest: schema(chatCompletionsBody),
        Message: {
          type: "object",
          required: ["id", "role", "text", "turn", "citations", "createdAt"],
          properties: {
            id: { type: "string", format: "uuid" },
            role: { type: "string", enum: ["customer", "agent", "human"] },
            text: { type: "string" },
            turn: { type: "integer" },
            citations: { type: "array", items: {} },
            createdAt: { type: "string", format: "date-time" },
          },
        },
        Conversation: {
          type: "object",
          required: ["id", "agent", "release", "status", "messages"],
          properties: {
            id: { type: "string", format: "uuid" },
            object: { const: "conversation" },
            agent: { type: "object", properties: { id: { type: "string" }, slug: { type: "string" }, name: { type: "string" } } },
            release: { type: "integer", description: "The release number serving it, fixed for its lifetime" },
            status: { type: "string", enum: ["open", "resolved", "escalated", "abandoned"] },
            customer: {
              type: ["object", "null"],
              description: "On create: the customer the conversation belongs to (from `customer.id` or a valid identity token); `verified` when the session starts verified",
              properties: { id: { type: "string" }, verified: { type: "boolean" } },
            },
            owner: { type: "string", enum: ["ai", "waiting_for_human", "human", "resolved", "closed"], description: "Who answers: the AI, nobody yet (waiting for a person), a person, or nobody (resolved, closed)" },
            queue: {
              type: ["object", "null"],
              description: "While waiting for a person: the place in the queue and when to expect an answer (the workspace's business hours and maximum wait)",
              properties: {
                position: { type: "integer", minimum: 1 },
                open: { type: "boolean", description: "Whether the team is in now" },
                nextOpenAt: { type: ["string", "null"], format: "date-time" },
                expectedBy: { type: "string", format: "date-time" },
                message: { type: "string", description: "What to tell the customer" },
              },
            },
            messages: { type: "array", items: { $ref: "#/components/schemas/Message" } },
          },
        },
        Turn: {
          type: "object",
          required: ["messages", "status", "citations"],
          properties: {
            messages: { type: "array", items: { $ref: "#/components/schemas/Message" }, description: "The agent's reply to this message" },
            status: { type: "string", enum: ["open", "resolved", "escalated", "abandoned"] },
            citations: { type: "array", items: {} },
            release: { type: "integer" },
            turn: { type: "integer" },
            replayed: { type: "boolean", description: "True when the Idempotency-Key was seen before" },
          },
        },
        CustomerErasure: {
          type: "object",
          required: ["object", "id", "deleted", "counts"],
          properties: {
            object: { const: "customer.erasure" },
            id: { type: "string", format: "uuid", description: "The erasure's receipt (the `customer.forget` audit entry's target)" },
            deleted: { const: true },
            counts: { type: "object", additionalProperties: { type: "integer" }, description: "Rows removed per kind: conversations, messages, traces, toolExecutions, memories, …" },
          },
        },
        EndedConversation: {
          type: "object",
          properties: { id: { type: "string" }, status: { type: "string" }, csat: { type: ["integer", "null"] }, endedAt: { type: "string", format: "date-time" } },
        },
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: { code: { type: "string", enum: Object.keys(apiErrorCodes) }, message: { type: "string" } },
            },
          },
        },
      },
    },
  };
}
