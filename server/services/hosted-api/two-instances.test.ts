import { get } from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages, turnTraces } from "@/db/schema";
import { startServeServer } from "@/server/serve/serve-server";
import { publishRelease } from "@/server/services/releases/publish-release";
import { startApiInstance } from "@/test/api-instance-process";
import { testDatabase } from "@/test/db";
import { startServeProcess } from "@/test/serve-process";
import { startApiServer } from "./node-server";
import { hostedApiFixture, hostedApiServerKind } from "./testing";

// Two app instances serving one conversation (issue 14, item 4). On Postgres they are two processes,
// each with its own pools, sharing only the database. PGlite can be opened by one process only, so there
// the two instances are two API servers in this process on the one handle.
// Against `switchback serve` (vitest project "serve", issue 21): on Postgres each instance is a
// `switchback serve --workers 2`, so four processes share the conversation.

const database = await testDatabase();
const { db } = database;
let fx: Awaited<ReturnType<typeof hostedApiFixture>>;
const instances: { url: string; stop(): Promise<unknown> }[] = [];

beforeAll(async () => {
  fx = await hostedApiFixture(db, { template: "tpl-two-instances" });
  await publishRelease(fx.ctx, { agentId: fx.agent.id, notes: "two instances" });
  const start = async (): Promise<{ url: string; stop(): Promise<unknown> }> => {
    if (hostedApiServerKind === "serve") {
      if (database.kind === "postgres") return startServeProcess({ args: ["--workers", "2"], env: { DATABASE_URL: process.env.DATABASE_URL! } });
      const serve = await startServeServer({ database });
      return { url: serve.url, stop: () => serve.close() };
    }
    if (database.kind === "postgres") return startApiInstance({ databaseUrl: process.env.DATABASE_URL, appUrl: fx.storeUrl });
    const api = await startApiServer({ db, appUrl: fx.storeUrl });
    return { url: api.url, stop: api.close };
  };
  instances.push(...(await Promise.all([start(), start()])));
}, 120_000);
afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await fx?.close();
});

const send = (base: string, path: string, json: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${fx.key}`, "content-type": "application/json", ...headers }, body: JSON.stringify(json) });

/** The turn a response answered: from the JSON body, or from a stream's `data-status` part. */
async function turnOf(res: Response): Promise<number | string> {
  const text = await res.text();
  if (!res.headers.get("content-type")?.includes("text/event-stream")) return res.status === 200 ? (JSON.parse(text) as { turn: number }).turn : `${res.status} ${text}`;
  const status = text.split("\n\n").find((e) => e.includes('"data-status"'));
  return status ? (JSON.parse(status.replace(/^data: /, "")) as { data: { turn: number } }).data.turn : `stream without a status: ${text.slice(0, 300)}`;
}

/** The processes that answer /api/health over 10 fresh connections (node:cluster hands them out in turn). */
async function answeringPids(base: string): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < 10; i++) {
    const body = await new Promise<string>((resolve, reject) =>
      get(`${base}/api/health`, { agent: false }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk)).on("end", () => resolve(text));
      }).on("error", reject),
    );
    pids.add((JSON.parse(body) as { pid: number }).pid);
  }
  return pids;
}

describe("two app instances, one conversation", () => {
  it("100 concurrent messages split across them, some streamed: all stored, each with its reply, turns without gaps or repeats, no error", async () => {
    const [a, b] = instances.map((i) => i.url) as [string, string];
    const created = await send(a, "/conversations", { agent: fx.agent.slug });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // Verified first, so every later question is answered from a tool call (not escalated as not understood).
    expect(await turnOf(await send(a, `/conversations/${id}/messages`, { text: "Where is my order #W2378156?" }))).toBe(1);
    expect(await turnOf(await send(b, `/conversations/${id}/messages`, { text: "yusuf.rossi7301@example.com" }))).toBe(2);

    const turns = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        send(i % 2 ? b : a, `/conversations/${id}/messages`, { text: `Where is my order #W2378156? (${i})` }, i % 4 < 2 ? {} : { accept: "text/event-stream" }).then(turnOf),
      ),
    );
    const expected = Array.from({ length: 100 }, (_, i) => i + 3);
    expect(turns.filter((t) => typeof t === "string")).toEqual([]);
    expect(turns.toSorted((x, y) => Number(x) - Number(y))).toEqual(expected);

    const rows = await db.select({ turn: messages.turn, role: messages.role, text: messages.text }).from(messages).where(eq(messages.conversationId, id));
    const asked = rows.filter((r) => r.role === "customer" && r.turn > 2);
    expect(new Set(asked.map((r) => r.text)).size).toBe(100);
    expect(asked.map((r) => r.turn).toSorted((x, y) => x - y)).toEqual(expected);
    const replies = rows.filter((r) => r.role === "agent" && r.turn > 2);
    expect(replies.map((r) => r.turn).toSorted((x, y) => x - y)).toEqual(expected);
    expect(replies.every((r) => /W2378156 is delivered/.test(r.text))).toBe(true);
    const traces = await db.select({ turn: turnTraces.turn }).from(turnTraces).where(eq(turnTraces.conversationId, id));
    expect(traces.map((t) => t.turn).toSorted((x, y) => x - y)).toEqual([1, 2, ...expected]);

    // Each `serve --workers 2` really is two processes taking connections.
    if (hostedApiServerKind === "serve" && database.kind === "postgres") {
      for (const url of [a, b]) expect((await answeringPids(url)).size).toBe(2);
    }
  }, 120_000);
});
