import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "@/db/client";
import { messages, toolExecutions } from "@/db/schema";
import { startApiInstance } from "@/test/api-instance-process";
import { publishRefundDesk } from "@/test/refund-desk";

// An app instance killed with SIGKILL in the middle of a write (issue 14, item 5): the brand's backend
// has the request — and applies it — but the instance never hears back. A new instance on the same
// database retries the same message: the ledger's lease has run out, so it takes the call over and sends
// it again with the same Idempotency-Key, and the backend (which honours it) writes once.
// On Postgres the instances share the server; on PGlite they open one data folder in turn (a PGlite
// folder is opened by one process at a time), and the killed one leaves it as a crash would.

const databaseUrl = process.env.DATABASE_URL;
const dataDir = databaseUrl ? undefined : mkdtempSync(path.join(tmpdir(), "switchback-crash-"));
const open = (): Promise<Database> => openDatabase({ url: databaseUrl, dataDir: dataDir ?? "memory://" });

/** The brand's refund API: applies a refund once per Idempotency-Key; holds the first answer until `hold` is lifted. */
const backend = {
  requests: [] as { key: string | undefined; body: unknown }[],
  refunds: new Map<string, { refund_id: string; amount: number }>(),
  held: [] as ServerResponse[],
  hold: true,
  arrive: () => {},
};
const arrived = new Promise<void>((resolve) => (backend.arrive = resolve));
const server = createServer(async (req: IncomingMessage, res) => {
  let body = "";
  for await (const part of req) body += (part as Buffer).toString();
  const key = req.headers["idempotency-key"] as string | undefined;
  backend.requests.push({ key, body: JSON.parse(body) });
  const known = key ? backend.refunds.get(key) : undefined;
  const refund = known ?? { refund_id: `R${backend.refunds.size + 1}`, amount: (JSON.parse(body) as { amount: number }).amount };
  if (key && !known) backend.refunds.set(key, refund);
  if (backend.hold) {
    backend.held.push(res);
    return backend.arrive();
  }
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(refund));
});

let backendUrl = "";
let apiKey = "";
let conversationId = "";
let agentSlug = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const database = await open();
  ({ apiKey, agentSlug } = await publishRefundDesk(database.db, { toolTimeoutMs: 2000, notes: "crash test" }));
  await database.close();
}, 60_000);
afterAll(async () => {
  for (const res of backend.held) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const call = (base: string, route: string, json: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/v1${route}`, { method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", ...headers }, body: JSON.stringify(json) });

describe("an instance killed mid-write", () => {
  it("the retried message on a new instance completes the write once, with the same Idempotency-Key", async () => {
    const first = await startApiInstance({ databaseUrl, dataDir, appUrl: backendUrl });
    const created = await call(first.url, "/conversations", { agent: agentSlug });
    expect(created.status).toBe(201);
    conversationId = ((await created.json()) as { id: string }).id;
    const asked = await call(first.url, `/conversations/${conversationId}/messages`, { text: "I want a refund" });
    expect(await asked.json()).toMatchObject({ messages: [{ role: "agent", text: expect.stringContaining("How much") }] });

    // Settled as a value at once: it fails while this test is busy killing the process.
    const doomed = call(first.url, `/conversations/${conversationId}/messages`, { text: "40" }, { "idempotency-key": "msg-40" })
      .then((res) => res.text())
      .then((body) => ({ body }), (error: unknown) => ({ error }));
    await arrived; // the refund is applied; its answer is held
    await first.kill();
    expect(await doomed).toEqual({ error: expect.any(Error) }); // the connection died with the process
    expect(backend.refunds.size).toBe(1);

    backend.hold = false;
    const second = await startApiInstance({ databaseUrl, dataDir, appUrl: backendUrl });
    try {
      const retried = await call(second.url, `/conversations/${conversationId}/messages`, { text: "40" }, { "idempotency-key": "msg-40" });
      expect(retried.status).toBe(200);
      expect(await retried.json()).toMatchObject({ turn: 2, status: "resolved", replayed: false, messages: [{ role: "agent", text: expect.stringContaining("Done: refund R1 for $40.") }] });
    } finally {
      await second.stop();
    }

    // The backend saw one call twice — the same key — and refunded once.
    expect(backend.requests).toHaveLength(2);
    expect(backend.requests[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(backend.requests[1]!.key).toBe(backend.requests[0]!.key);
    expect([...backend.refunds.values()]).toEqual([{ refund_id: "R1", amount: 40 }]);

    const database = await open();
    try {
      const ledger = await database.db.select().from(toolExecutions).where(eq(toolExecutions.conversationId, conversationId));
      expect(ledger).toMatchObject([{ id: backend.requests[0]!.key, tool: "issue_refund", status: "succeeded", attempts: 2, leaseExpiresAt: null }]);
      // The customer's message is stored once, with its reply.
      const said = await database.db.select({ role: messages.role, text: messages.text }).from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.turn, 2)));
      expect(said).toEqual(expect.arrayContaining([{ role: "customer", text: "40" }, { role: "agent", text: expect.stringContaining("Done: refund R1") }]));
      expect(said).toHaveLength(2);
    } finally {
      await database.close();
    }
  }, 60_000);
});
