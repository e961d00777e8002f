import { DefaultChatTransport, readUIMessageStream, type UIMessage } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/server/services/agents/agents";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { publishRelease } from "@/server/services/releases/publish-release";
import { testDatabase } from "@/test/db";
import { hostedApiFixture } from "./testing";

const { db } = await testDatabase();
let a: Awaited<ReturnType<typeof hostedApiFixture>>;
let b: Awaited<ReturnType<typeof hostedApiFixture>>;

beforeAll(async () => {
  a = await hostedApiFixture(db, { template: "tpl-hosted-api" });
  b = await hostedApiFixture(db, { template: "tpl-hosted-api" });
  await publishRelease(a.ctx, { agentId: a.agent.id, notes: "A" });
  await publishRelease(b.ctx, { agentId: b.agent.id, notes: "B" });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

const ORDER = "Where is my order #W2378156?";
const EMAIL = "yusuf.rossi7301@example.com";

async function open(fx = a, body: Record<string, unknown> = {}) {
  const res = await fx.call("/conversations", { json: { agent: fx.agent.slug, ...body } });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; release: number };
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  return body;
}

/** Server-sent events of a response, parsed as JSON where they are JSON. */
async function sseEvents(res: Response): Promise<unknown[]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .map((e) => e.replace(/^data: /, "").trim())
    .filter(Boolean)
    .map((d) => (d === "[DONE]" ? d : JSON.parse(d)));
}

describe("conversations", () => {
  it("creates, sends, reads and ends a conversation", async () => {
    const c = await open(a, { customer: { id: "cust-1", email: EMAIL }, metadata: { plan: "gold" } });
    const res = await a.call(`/conversations/${c.id}/messages`, { json: { text: ORDER } });
    expect(res.status).toBe(200);
    const turn = await res.json();
    expect(turn).toMatchObject({ status: "open", release: 1, turn: 1, replayed: false, citations: [] });
    expect(turn.messages).toHaveLength(1);
    expect(turn.messages[0]).toMatchObject({ role: "agent", turn: 1, text: expect.stringMatching(/verify your identity/) });

    const second = await a.call(`/conversations/${c.id}/messages`, { json: { text: EMAIL } }).then((r) => r.json());
    expect(second.messages[0].text).toMatch(/W2378156 is delivered/);

    const read = await a.call(`/conversations/${c.id}`).then((r) => r.json());
    expect(read).toMatchObject({ id: c.id, channel: "api", status: "resolved", release: 1, customer: { id: "cust-1" }, metadata: { plan: "gold" }, turns: 2 });
    expect(read.messages.map((m: { role: string }) => m.role)).toEqual(["agent", "customer", "agent", "customer", "agent"]);

    const ended = await a.call(`/conversations/${c.id}/end`, { json: { outcome: "resolved", csat: 5 } });
    expect(await ended.json()).toMatchObject({ status: "resolved", csat: 5 });
    await expectError(await a.call(`/conversations/${c.id}/messages`, { json: { text: "one more thing" } }), 409, "conflict");
    await expectError(await a.call(`/conversations/${c.id}/end`, { json: { outcome: "abandoned" } }), 409, "conflict");
    expect(await a.call(`/conversations/${c.id}/end`, { json: { csat: 4 } }).then((r) => r.json())).toMatchObject({ status: "resolved", csat: 4 });
  });

  it("a retried send with the same Idempotency-Key returns the stored reply instead of a second turn", async () => {
    const c = await open();
    const send = () => a.call(`/conversations/${c.id}/messages`, { json: { text: ORDER }, headers: { "idempotency-key": "send-1" } }).then((r) => r.json());
    const first = await send();
    const again = await send();
    expect(again).toMatchObject({ replayed: true, turn: first.turn, messages: [{ text: first.messages[0].text }] });
    expect(first.replayed).toBe(false);
    expect((await a.call(`/conversations/${c.id}`).then((r) => r.json())).turns).toBe(1);
  });

  it("streams the reply as an AI SDK UI message stream", async () => {
    const c = await open();
    const res = await a.call(`/conversations/${c.id}/messages`, { json: { text: ORDER }, headers: { accept: "text/event-stream" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = (await sseEvents(res)) as ({ type: string; delta?: string; data?: unknown } | string)[];
    const types = events.map((e) => (typeof e === "string" ? e : e.type));
    expect(types.indexOf("text-start")).toBeLessThan(types.indexOf("text-delta"));
    expect(types.indexOf("text-delta")).toBeLessThan(types.indexOf("text-end"));
    expect(types.indexOf("text-end")).toBeLessThan(types.indexOf("data-status"));
    expect(types.at(-1)).toBe("[DONE]");
    const text = events.flatMap((e) => (typeof e !== "string" && e.type === "text-delta" ? [e.delta] : [])).join("");
    expect(text).toMatch(/verify your identity/);
    expect(events.find((e) => typeof e !== "string" && e.type === "data-status")).toMatchObject({ data: { conversationId: c.id, status: "open", release: 1, turn: 1 } });
  });

  it("works with the AI SDK's chat transport (what useChat uses)", async () => {
    const c = await open();
    const transport = new DefaultChatTransport<UIMessage>({ api: `${a.baseUrl}/conversations/${c.id}/messages`, headers: { authorization: `Bearer ${a.key}` } });
    const send = async (id: string, text: string) => {
      const stream = await transport.sendMessages({
        chatId: c.id,
        messages: [{ id, role: "user", parts: [{ type: "text", text }] }],
        trigger: "submit-message",
        messageId: undefined,
        abortSignal: undefined,
      });
      let last: UIMessage | undefined;
      for await (const message of readUIMessageStream({ stream })) last = message;
      return last!;
    };
    const reply = await send("u1", ORDER);
    expect(reply.role).toBe("assistant");
    expect(reply.parts.find((p) => p.type === "text")).toMatchObject({ text: expect.stringMatching(/verify your identity/) });
    expect(reply.parts.find((p) => p.type === "data-status")).toMatchObject({ data: { status: "open", turn: 1 } });
    const next = await send("u2", EMAIL);
    expect(next.parts.find((p) => p.type === "text")).toMatchObject({ text: expect.stringMatching(/delivered/) });
    // The message id is the idempotency key: a resent message does not run twice.
    await send("u2", EMAIL);
    expect((await a.call(`/conversations/${c.id}`).then((r) => r.json())).turns).toBe(2);
  });
});

describe("OpenAI-compatible chat completions", () => {
  it("works with the official openai SDK, non-streaming, continuing the conversation from the history", async () => {
    const client = new OpenAI({ baseURL: `${a.baseUrl}/agents/${a.agent.slug}`, apiKey: a.key });
    const first = await client.chat.completions.create({ model: "retail-support", messages: [{ role: "system", content: "ignored" }, { role: "user", content: ORDER }] });
    expect(first.object).toBe("chat.completion");
    expect(first.choices[0]!.finish_reason).toBe("stop");
    const reply = first.choices[0]!.message.content!;
    expect(reply).toMatch(/verify your identity/);
    const conversationId = (first as unknown as { switchback: { conversation_id: string } }).switchback.conversation_id;

    const second = await client.chat.completions.create({
      model: "retail-support",
      messages: [{ role: "user", content: ORDER }, { role: "assistant", content: reply }, { role: "user", content: EMAIL }],
    });
    expect(second.choices[0]!.message.content).toMatch(/W2378156 is delivered/);
    expect((second as unknown as { switchback: { conversation_id: string } }).switchback.conversation_id).toBe(conversationId);
    const stored = await a.call(`/conversations/${conversationId}`).then((r) => r.json());
    expect(stored.turns).toBe(2);
  });

  it("streams chat.completion.chunk events ending in [DONE]; an unknown history is replayed into a new conversation", async () => {
    const client = new OpenAI({ baseURL: `${a.baseUrl}/agents/${a.agent.id}`, apiKey: a.key });
    const stream = await client.chat.completions.create({
      model: "anything",
      stream: true,
      user: "end-user-42",
      messages: [{ role: "user", content: ORDER }, { role: "assistant", content: "(a reply this server never sent)" }, { role: "user", content: EMAIL }],
    });
    let text = "";
    let finish: string | null = null;
    let chunks = 0;
    for await (const chunk of stream) {
      expect(chunk.object).toBe("chat.completion.chunk");
      chunks++;
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(chunks).toBeGreaterThanOrEqual(3);
    expect(finish).toBe("stop");
    expect(text).toMatch(/W2378156 is delivered/);

    const raw = await a.call(`/agents/${a.agent.slug}/chat/completions`, { json: { model: "x", stream: true, messages: [{ role: "user", content: "hello" }] } });
    const events = await sseEvents(raw);
    expect(events.at(-1)).toBe("[DONE]");
    expect(events[0]).toMatchObject({ object: "chat.completion.chunk", choices: [{ delta: { role: "assistant" } }] });
  });
});

describe("errors", () => {
  it("401 for a missing, unknown or revoked key", async () => {
    await expectError(await a.call("/conversations", { json: { agent: a.agent.slug }, headers: { authorization: "" } }), 401, "unauthorized");
    await expectError(await a.call("/conversations", { json: { agent: a.agent.slug }, headers: { authorization: "Bearer sb_live_nope" } }), 401, "unauthorized");
    const { id, key } = await createApiKey(a.ctx, { name: "to revoke" });
    expect((await a.call("/conversations", { json: { agent: a.agent.slug }, headers: { authorization: `Bearer ${key}` } })).status).toBe(201);
    await a.caller.apiKeys.revoke({ workspace: a.workspace.slug, keyId: id });
    await expectError(await a.call("/conversations", { json: { agent: a.agent.slug }, headers: { authorization: `Bearer ${key}` } }), 401, "unauthorized");
    expect((await a.caller.apiKeys.list({ workspace: a.workspace.slug })).find((k) => k.id === id)).toMatchObject({ prefix: key.slice(0, 12), revokedAt: expect.any(Date) });
  });

  it("404 for unknown ids and endpoints, 405 for a wrong method", async () => {
    await expectError(await a.call("/conversations/00000000-0000-4000-8000-000000000000"), 404, "not_found");
    await expectError(await a.call("/conversations/not-a-uuid/messages", { json: { text: "hi" } }), 404, "not_found");
    await expectError(await a.call("/conversations", { json: { agent: "no-such-agent" } }), 404, "not_found");
    await expectError(await a.call("/nothing-here"), 404, "not_found");
    await expectError(await a.call("/conversations"), 405, "method_not_allowed");
  });

  it("409 when nothing is published", async () => {
    const unpublished = await createAgent(a.ctx, { name: "Unpublished" });
    const body = await expectError(await a.call("/conversations", { json: { agent: unpublished.slug } }), 409, "conflict");
    expect(body.error.message).toMatch(/no published release/);
  });

  it("413 for a message over 4,000 characters or a body over 64 KB", async () => {
    const c = await open();
    await expectError(await a.call(`/conversations/${c.id}/messages`, { json: { text: "a".repeat(4001) } }), 413, "message_too_long");
    await expectError(await a.call(`/conversations/${c.id}/messages`, { json: { text: "a".repeat(70_000) } }), 413, "payload_too_large");
    // A streamed body without content-length is cut off while reading.
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    await expectError(await a.call(`/conversations/${c.id}/messages`, { method: "POST", body: chunked, duplex: "half" } as RequestInit), 413, "payload_too_large");
  });

  it("422 for an invalid body", async () => {
    await expectError(await a.call("/conversations", { json: { customer: { id: "x" } } }), 422, "invalid_request");
    await expectError(await a.call("/conversations", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } }), 422, "invalid_request");
    const c = await open();
    await expectError(await a.call(`/conversations/${c.id}/end`, { json: { csat: 9 } }), 422, "invalid_request");
    await expectError(await a.call(`/conversations/${c.id}/messages`, { json: { text: "   " } }), 422, "invalid_request");
    await expectError(await a.call(`/agents/${a.agent.slug}/chat/completions`, { json: { messages: [{ role: "assistant", content: "hi" }] } }), 422, "invalid_request");
  });

  it("429 with Retry-After past the key's rate limit", async () => {
    const { key } = await createApiKey(a.ctx, { name: "tight", rateLimitPerMinute: 2 });
    const get = () => a.call("/conversations/00000000-0000-4000-8000-000000000000", { headers: { authorization: `Bearer ${key}` } });
    expect((await get()).status).toBe(404);
    expect((await get()).status).toBe(404);
    const limited = await get();
    await expectError(limited, 429, "rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it("a key of workspace A cannot touch workspace B's agents or conversations", async () => {
    const theirs = await open(b);
    await expectError(await a.call(`/conversations/${theirs.id}`), 404, "not_found");
    await expectError(await a.call(`/conversations/${theirs.id}/messages`, { json: { text: ORDER } }), 404, "not_found");
    await expectError(await a.call(`/conversations/${theirs.id}/end`, { json: { outcome: "abandoned" } }), 404, "not_found");
    await expectError(await a.call("/conversations", { json: { agent: b.agent.id } }), 404, "not_found");
    await expectError(await a.call(`/agents/${b.agent.id}/chat/completions`, { json: { messages: [{ role: "user", content: "hi" }] } }), 404, "not_found");
    // B's conversation is untouched.
    expect((await b.call(`/conversations/${theirs.id}`).then((r) => r.json())).turns).toBe(0);
  });
});

describe("widget endpoints", () => {
  it("answer only allowed origins, with CORS headers for them alone", async () => {
    const widget = await a.caller.widget.create({ workspace: a.workspace.slug, agentId: a.agent.id, allowedOrigins: ["http://shop.test/"], theme: { title: "Help", color: "#112233" } });
    expect(widget.allowedOrigins).toEqual(["http://shop.test"]);
    const w = (path: string, init: RequestInit = {}, origin = "http://shop.test") =>
      fetch(`${a.baseUrl}/widget${path}${path.includes("?") ? "&" : "?"}key=${widget.publicKey}`, { ...init, headers: { origin, "content-type": "application/json", ...(init.headers as Record<string, string>) } });

    const preflight = await w("/conversations", { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://shop.test");
    const config = await w("/config");
    expect(await config.json()).toMatchObject({ agent: "Retail support", theme: { title: "Help", color: "#112233", position: "right" } });

    const evil = await w("/config", {}, "http://evil.test");
    await expectError(evil, 403, "forbidden");
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    await expectError(await fetch(`${a.baseUrl}/widget/config?key=sb_pub_nope`, { headers: { origin: "http://shop.test" } }), 401, "unauthorized");

    const created = await w("/conversations", { method: "POST", body: JSON.stringify({ customer: { id: "visitor-1" } }) });
    expect(created.status).toBe(201);
    const c = (await created.json()) as { id: string; release: number };
    const turn = await w(`/conversations/${c.id}/messages`, { method: "POST", body: JSON.stringify({ text: ORDER }) }).then((r) => r.json());
    expect(turn.messages[0].text).toMatch(/verify your identity/);
    // The workspace's API key sees it, as a widget conversation.
    expect(await a.call(`/conversations/${c.id}`).then((r) => r.json())).toMatchObject({ channel: "widget", turns: 1 });
    // A widget key reaches only its own widget conversations.
    const apiConversation = await open();
    await expectError(await w(`/conversations/${apiConversation.id}`), 404, "not_found");
  });
});

describe("OpenAPI document", () => {
  it("describes every endpoint, with request bodies from the zod schemas", async () => {
    const res = await fetch(`${a.baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/conversations", "/conversations/{id}", "/conversations/{id}/messages", "/conversations/{id}/end", "/agents/{agent}/chat/completions"]),
    );
    expect(doc.components.schemas.CreateConversation.required).toEqual(["agent"]);
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toEqual(expect.arrayContaining(["unauthorized", "rate_limited", "message_too_long"]));
  });
});
