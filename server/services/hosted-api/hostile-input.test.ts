import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversations, storeOrders, toolExecutions } from "@/db/schema";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { publishRelease } from "@/server/services/releases/publish-release";
import { testDatabase } from "@/test/db";
import { streamedPost } from "@/test/streams";
import { handleHostedApi } from "./router";
import { MAX_BODY_BYTES, MAX_REPLAYED_MESSAGES } from "./schemas";
import { hostedApiFixture } from "./testing";

// Hostile but valid requests to the hosted API (issue 14, items 7–9): each is a 4xx with a stable code,
// never a 500, and never more work than the limits say.

const { db } = await testDatabase();
let a: Awaited<ReturnType<typeof hostedApiFixture>>;

beforeAll(async () => {
  a = await hostedApiFixture(db, { template: "tpl-hostile-api" });
  await publishRelease(a.ctx, { agentId: a.agent.id, notes: "A" });
});
afterAll(() => a?.close());

async function expectError(res: Response, status: number, code: string) {
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect({ status: res.status, code: body.error.code }).toEqual({ status, code });
  expect(body.error.message).not.toMatch(/insert|select|\bat \w+ \(/i);
  return body.error.message;
}

/** POST a raw JSON text (so lone surrogates and NULs go over the wire exactly as an attacker writes them). */
const postRaw = (path: string, raw: string, key = a.key) =>
  a.call(path, { method: "POST", body: raw, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } });

const conversationCount = async () => (await db.select({ n: count() }).from(conversations).where(eq(conversations.workspaceId, a.workspace.id)))[0]!.n;

describe("hostile JSON is a 4xx with a stable code", () => {
  it("a release number past int4 is invalid_request", async () => {
    expect(await expectError(await a.call("/conversations", { json: { agent: a.agent.slug, release: 2147483648 } }), 422, "invalid_request")).toMatch(/^release: /);
  });

  it.each([
    ["text", "messages", `{"text":"hello\\u0000world"}`],
    ["text", "messages", `{"text":"hello \\ud800"}`],
    ["text", "messages", `{"text":"\\udfff bye"}`],
    ["metadata key", "create", `{"agent":"AGENT","metadata":{"pl\\u0000an":"gold"}}`],
    ["metadata value", "create", `{"agent":"AGENT","metadata":{"plan":"go\\u0000ld"}}`],
    ["metadata value", "create", `{"agent":"AGENT","metadata":{"plan":"\\ud800"}}`],
    ["customer field", "create", `{"agent":"AGENT","customer":{"id":"c1","name":"Ann\\u0000"}}`],
    ["customer field", "create", `{"agent":"AGENT","customer":{"id":"c1","address":{"line1":"\\udfff"}}}`],
  ])("a NUL or lone surrogate in a %s is invalid_text (%s, %s)", async (_what, endpoint, raw) => {
    const before = await conversationCount();
    let path = "/conversations";
    if (endpoint === "messages") {
      const c = (await (await a.call("/conversations", { json: { agent: a.agent.slug } })).json()) as { id: string };
      path = `/conversations/${c.id}/messages`;
    }
    const message = await expectError(await postRaw(path, raw.replace("AGENT", a.agent.slug)), 422, "invalid_text");
    expect(message).toMatch(/NUL|surrogate/);
    expect(await conversationCount()).toBe(before + (endpoint === "messages" ? 1 : 0));
  });

  it("customer data nested 5,000 deep is nesting_too_deep", async () => {
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const message = await expectError(await postRaw("/conversations", `{"agent":"${a.agent.slug}","customer":${deep}}`), 422, "nesting_too_deep");
    expect(message).toMatch(/64 levels/);
  });
});

describe("body limits", () => {
  it("a 50 MB chunked body to messages is cut off at 64 KB with a 413, without reading the rest", async () => {
    const c = (await (await a.call("/conversations", { json: { agent: a.agent.slug } })).json()) as { id: string };
    const { request, stats } = streamedPost(`http://api.test/api/v1/conversations/${c.id}/messages`, 50 * 1024 * 1024, { authorization: `Bearer ${a.key}` });
    await expectError(await handleHostedApi({ db, appUrl: "http://unused.test" }, request), 413, "payload_too_large");
    expect(stats.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * 64 * 1024);
    expect(stats.cancelled).toBe(true);
  });

  it("the hosted API's own node server answers 413 to an oversized body, declared or chunked, and stops reading it", async () => {
    const c = (await (await a.call("/conversations", { json: { agent: a.agent.slug } })).json()) as { id: string };
    await expectError(await postRaw(`/conversations/${c.id}/messages`, JSON.stringify({ text: "a".repeat(200_000) })), 413, "payload_too_large");
    const { request, stats } = streamedPost(`${a.baseUrl}/conversations/${c.id}/messages`, 200 * 1024 * 1024, { authorization: `Bearer ${a.key}` });
    await expectError(await fetch(request), 413, "payload_too_large");
    // What the client managed to send before the 413: the limit plus what the sockets buffer, not 200 MB.
    expect(stats.pulled).toBeLessThan(16 * 1024 * 1024);
  });
});

describe("chat completions replay of an unknown history", () => {
  const history = (userMessages: string[]) => userMessages.flatMap((content, i) => [{ role: "user", content }, { role: "assistant", content: `(reply ${i} from elsewhere)` }]);

  it(`refuses more than ${MAX_REPLAYED_MESSAGES} earlier user messages with history_too_long, before any turn runs`, async () => {
    const before = await conversationCount();
    const messages = [...history(Array.from({ length: MAX_REPLAYED_MESSAGES + 1 }, (_, i) => `message ${i}`)), { role: "user", content: "and now?" }];
    expect(await expectError(await a.call(`/agents/${a.agent.slug}/chat/completions`, { json: { messages } }), 422, "history_too_long")).toMatch(/at most 20/);
    expect(await conversationCount()).toBe(before);
  });

  it("counts each replayed message against the key's rate limit", async () => {
    const { key } = await createApiKey(a.ctx, { name: "replay-limited", rateLimitPerMinute: 5 });
    const messages = [...history(["hi", "hello", "hey", "anyone?", "ping", "pong"]), { role: "user", content: "and now?" }];
    const before = await conversationCount();
    const res = await a.call(`/agents/${a.agent.slug}/chat/completions`, { json: { messages }, headers: { authorization: `Bearer ${key}` } });
    await expectError(res, 429, "rate_limited");
    expect(await conversationCount()).toBe(before);
  });

  it("never re-executes a write from the replayed history", async () => {
    const order = "#W6426438";
    const status = async () => (await db.select({ status: storeOrders.status }).from(storeOrders).where(and(eq(storeOrders.storeId, a.storeId), eq(storeOrders.id, order))))[0]!.status;
    expect(await status()).toBe("pending");
    const messages = [...history([`Please cancel order ${order}, I ordered it by mistake`, "ethan.lopez8943@example.com", "yes please"]), { role: "user", content: "thanks" }];
    const res = await a.call(`/agents/${a.agent.slug}/chat/completions`, { json: { messages } });
    expect(res.status).toBe(200);
    const { switchback } = (await res.json()) as { switchback: { conversation_id: string } };
    expect(await status()).toBe("pending");
    const writes = await db.select({ tool: toolExecutions.tool }).from(toolExecutions).where(eq(toolExecutions.conversationId, switchback.conversation_id));
    expect(writes).toEqual([]);
  });
});
