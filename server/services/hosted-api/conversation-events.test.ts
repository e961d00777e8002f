import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationEvents } from "@/db/schema";
import { publishRelease } from "@/server/services/releases/publish-release";
import { createWidgetKey } from "@/server/services/widget/widget-keys";
import { startApiInstance } from "@/test/api-instance-process";
import { testDatabase } from "@/test/db";
import { startApiServer } from "./node-server";
import { hostedApiFixture } from "./testing";

// The conversation's event stream (issue 19): GET /api/v1/conversations/{id}/events.

const database = await testDatabase();
const { db } = database;
let fx: Awaited<ReturnType<typeof hostedApiFixture>>;
let other: { url: string; stop(): Promise<unknown> };

beforeAll(async () => {
  fx = await hostedApiFixture(db, { template: "tpl-conversation-events" });
  await publishRelease(fx.ctx, { agentId: fx.agent.id, notes: "events" });
  // A second app instance on the same database: on Postgres a process of its own; PGlite opens in one process only.
  if (database.kind === "postgres") other = await startApiInstance({ databaseUrl: process.env.DATABASE_URL, appUrl: fx.storeUrl });
  else {
    const api = await startApiServer({ db, appUrl: fx.storeUrl });
    other = { url: api.url, stop: api.close };
  }
}, 120_000);
afterAll(async () => {
  await other?.stop();
  await fx?.close();
});

interface Sse {
  id: number;
  event: string;
  data: { type: string; message?: { role: string; text: string; authorName: string | null }; owner?: string };
}

/** Reads a stream's events as they come; `take(n)` waits (bounded) for the next n. */
function reader(res: Response) {
  const r = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const take = async (n: number, ms = 10_000): Promise<Sse[]> => {
    const out: Sse[] = [];
    const deadline = Date.now() + ms;
    while (out.length < n) {
      let i: number;
      while (out.length < n && (i = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const field = (name: string) => block.split("\n").find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
        if (field("data")) out.push({ id: Number(field("id")), event: field("event")!, data: JSON.parse(field("data")!) });
      }
      if (out.length >= n) break;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out with ${out.length} of ${n} events: ${JSON.stringify(out)}`);
      const next = await Promise.race([r.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), left))]);
      if (next === null) continue;
      if (next.done) throw new Error(`the stream ended after ${out.length} of ${n} events`);
      buffer += next.value;
    }
    return out;
  };
  return { take, cancel: () => r.cancel() };
}

const events = (base: string, id: string, headers: Record<string, string> = {}, key = fx.key) =>
  fetch(`${base}/api/v1/conversations/${id}/events`, { headers: { authorization: `Bearer ${key}`, ...headers } });

async function escalated() {
  const res = await fx.call("/conversations", { json: { agent: fx.agent.slug } });
  const { id } = (await res.json()) as { id: string };
  const sent = await fx.call(`/conversations/${id}/messages`, { json: { text: "I want to talk to a human" } });
  expect(sent.status).toBe(200);
  return id;
}

const ws = () => fx.workspace.slug;
const summary = (e: Sse) => [e.event, e.data.message?.role ?? e.data.owner];

describe("GET /conversations/{id}/events", () => {
  it("replays the conversation, then delivers a person's reply live on another instance; notes never reach it", async () => {
    const id = await escalated();
    const res = await events(other.url, id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const stream = reader(res);
    expect((await stream.take(3)).map(summary)).toEqual([
      ["message.created", "customer"],
      ["message.created", "agent"],
      ["conversation.handoff", "waiting_for_human"],
    ]);
    await fx.caller.inbox.claim({ workspace: ws(), conversationId: id });
    await fx.caller.inbox.note({ workspace: ws(), conversationId: id, text: "internal only" });
    await fx.caller.inbox.reply({ workspace: ws(), conversationId: id, text: "Hi, this is Owner from the team" });
    const live = await stream.take(2);
    expect(live.map(summary)).toEqual([
      ["conversation.claimed", "human"],
      ["message.created", "human"],
    ]);
    expect(live[1]!.data.message).toMatchObject({ text: "Hi, this is Owner from the team", authorName: "Owner" });
    await stream.cancel();
  });

  it("delivers the person's typing live on another instance; a replay skips typing that is no longer fresh", async () => {
    const id = await escalated();
    const live = reader(await events(other.url, id));
    await live.take(3);
    await fx.caller.inbox.claim({ workspace: ws(), conversationId: id });
    expect(await fx.caller.inbox.typing({ workspace: ws(), conversationId: id })).toEqual({ sent: true });
    const [claimed, typing] = await live.take(2);
    expect([claimed!.event, typing!.event]).toEqual(["conversation.claimed", "typing"]);
    expect(typing!.data).toMatchObject({ type: "typing", name: "Owner" });
    await live.cancel();
    // A minute later (the event's time moved back), a customer opening the stream is not told anyone is typing.
    await db.update(conversationEvents).set({ createdAt: new Date(Date.now() - 60_000) }).where(eq(conversationEvents.id, typing!.id));
    await fx.caller.inbox.reply({ workspace: ws(), conversationId: id, text: "here now" });
    const replay = reader(await events(other.url, id));
    expect((await replay.take(5)).map((e) => e.event)).toEqual(["message.created", "message.created", "conversation.handoff", "conversation.claimed", "message.created"]);
    await replay.cancel();
  });

  it("resumes after Last-Event-ID: each event exactly once, in order, across the reconnect", async () => {
    const id = await escalated();
    const first = reader(await events(fx.baseUrl.replace(/\/api\/v1$/, ""), id));
    const before = await first.take(3);
    await first.cancel();
    // While the customer is away: a claim and two replies.
    await fx.caller.inbox.claim({ workspace: ws(), conversationId: id });
    await fx.caller.inbox.reply({ workspace: ws(), conversationId: id, text: "one" });
    await fx.caller.inbox.reply({ workspace: ws(), conversationId: id, text: "two" });
    const again = reader(await events(other.url, id, { "last-event-id": String(before.at(-1)!.id) }));
    const after = await again.take(3);
    expect(after.map((e) => e.data.message?.text ?? e.event)).toEqual(["conversation.claimed", "one", "two"]);
    const ids = [...before, ...after].map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    // Live after the resume, and nothing twice.
    await fx.caller.inbox.reply({ workspace: ws(), conversationId: id, text: "three" });
    expect((await again.take(1))[0]!.data.message?.text).toBe("three");
    await again.cancel();
  });

  it("an unknown Last-Event-ID, another workspace's conversation and a bad key are clear errors", async () => {
    const stranger = await hostedApiFixture(db, { template: "tpl-conversation-events" });
    await stranger.close();
    const id = await escalated();
    const unknown = await events(other.url, id, { "last-event-id": "999999999" });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/not an event of this conversation: reconnect without it/);
    const garbage = await events(other.url, id, { "last-event-id": "abc" });
    expect(garbage.status).toBe(422);
    expect(((await garbage.json()) as { error: { message: string } }).error.message).toMatch(/whole number/);
    const foreign = await events(other.url, id, {}, stranger.key);
    expect(foreign.status).toBe(404);
    await foreign.body?.cancel();
    const unsigned = await events(other.url, id, {}, "sb_nope");
    expect(unsigned.status).toBe(401);
    await unsigned.body?.cancel();
  });

  it("the widget's key reads its own conversation's stream, from an allowed origin", async () => {
    const widget = await createWidgetKey(fx.ctx, { agentId: fx.agent.id, allowedOrigins: ["https://shop.example"] });
    const base = `${other.url}/api/v1/widget`;
    const headers = { origin: "https://shop.example", "x-widget-key": widget.publicKey, "content-type": "application/json" };
    const created = await fetch(`${base}/conversations`, { method: "POST", headers, body: "{}" });
    const { id } = (await created.json()) as { id: string };
    await fetch(`${base}/conversations/${id}/messages`, { method: "POST", headers, body: JSON.stringify({ text: "hello" }) });
    const res = await fetch(`${base}/conversations/${id}/events?key=${widget.publicKey}`, { headers: { origin: "https://shop.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const stream = reader(res);
    expect((await stream.take(2)).map(summary)).toEqual([
      ["message.created", "customer"],
      ["message.created", "agent"],
    ]);
    await stream.cancel();
    // An API conversation is not the widget's.
    const apiConversation = await escalated();
    expect((await fetch(`${base}/conversations/${apiConversation}/events?key=${widget.publicKey}`, { headers: { origin: "https://shop.example" } })).status).toBe(404);
  });
});
