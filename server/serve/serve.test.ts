import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "@/db/client";
import { messages } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { publishRefundDesk } from "@/test/refund-desk";
import { startServeProcess } from "@/test/serve-process";
import { startServeServer } from "./serve-server";

// `switchback serve` as a process: options it refuses, and a graceful stop. The hosted-API suite itself
// runs against serve too (vitest.config.ts, project "serve"); so does the two-instance test.

describe("switchback serve", () => {
  it("refuses --workers 2 without DATABASE_URL, saying why and what to do", async () => {
    await expect(startServeProcess({ args: ["--workers", "2"], env: { SWITCHBACK_DATA_DIR: "memory://" } })).rejects.toThrow(
      /--workers 2 needs DATABASE_URL: the embedded database \(PGlite\) can be opened by one process only/,
    );
  });

  it("refuses a port that is not one", async () => {
    await expect(startServeProcess({ args: ["--port", "70000"], env: { SWITCHBACK_DATA_DIR: "memory://" } })).rejects.toThrow(/--port must be a TCP port/);
  });
});

const database = await testDatabase();

describe("the serve server", () => {
  let server: Awaited<ReturnType<typeof startServeServer>>;
  beforeAll(async () => {
    server = await startServeServer({ database });
  });
  afterAll(() => server?.close());

  it("answers /api/health like the Next route, with the process that answered", async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(await res.json()).toEqual({ ok: true, database: database.kind, pid: process.pid });
  });

  it("answers other paths with a JSON 404 naming what it serves", async () => {
    const res = await fetch(`${server.url}/demo-retail/agents`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: expect.stringContaining("/api/v1, /api/store and /api/health") } });
  });

  it("the store API: 401 without the store's key, 413 past the 1 MB JSON limit", async () => {
    const denied = await fetch(`${server.url}/api/store/any-store/orders/W2378156`);
    expect(denied.status).toBe(401);
    const big = await fetch(`${server.url}/api/store/any-store/calculate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ expression: "1".repeat(2 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });
});

// A graceful stop: SIGTERM while a turn waits on the brand's backend. On Postgres the process shares the
// server with this test; on PGlite it opens a data folder this test prepared and closed.
describe("SIGTERM", () => {
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = databaseUrl ? undefined : mkdtempSync(path.join(tmpdir(), "switchback-serve-"));
  const open = (): Promise<Database> => openDatabase({ url: databaseUrl, dataDir: dataDir ? path.join(dataDir, "pgdata") : "memory://" });

  /** The brand's refund API: holds its answer until `release()`. */
  const held: ServerResponse[] = [];
  let arrived: () => void = () => {};
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  const backend = createServer((req, res) => {
    req.resume().on("end", () => {
      held.push(res);
      arrived();
    });
  });
  const release = () => held.splice(0).forEach((res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ refund_id: "R1", amount: 40 })));

  let backendUrl = "";
  let apiKey = "";
  let agentSlug = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const database = await open();
    ({ apiKey, agentSlug } = await publishRefundDesk(database.db, { toolTimeoutMs: 20_000, notes: "graceful stop" }));
    await database.close();
  }, 60_000);
  afterAll(async () => {
    release();
    await new Promise<void>((resolve) => backend.close(() => resolve()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (base: string, route: string, json: unknown) =>
    fetch(`${base}/api/v1${route}`, { method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }, body: JSON.stringify(json) });

  /** Resolves with the connection's error code: ECONNREFUSED once nothing listens on the port. */
  const connectError = (url: string) =>
    new Promise<string>((resolve) => {
      const { hostname, port } = new URL(url);
      const socket = connect(Number(port), hostname);
      socket.once("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });

  it("stops accepting, finishes the turn in flight, closes the database and exits 0", async () => {
    const serve = await startServeProcess({ env: { ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { SWITCHBACK_DATA_DIR: dataDir! }), SWITCHBACK_APP_URL: backendUrl } });
    const created = await call(serve.url, "/conversations", { agent: agentSlug });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await (await call(serve.url, `/conversations/${id}/messages`, { text: "I want a refund" })).json()).toMatchObject({ messages: [{ text: expect.stringContaining("How much") }] });

    const inFlight = call(serve.url, `/conversations/${id}/messages`, { text: "40" });
    await arrival; // the turn waits on the backend
    const exit = serve.stop("SIGTERM");
    await serve.line(/SIGTERM: not accepting/);
    expect(await connectError(serve.url)).toBe("ECONNREFUSED");

    release();
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ turn: 2, status: "resolved", messages: [{ role: "agent", text: expect.stringContaining("Done: refund R1 for $40.") }] });
    expect(await exit).toBe(0);

    // Stored before the process ended (on PGlite, the folder opens again: the process closed it).
    const database = await open();
    try {
      const said = await database.db.select({ role: messages.role, text: messages.text }).from(messages).where(and(eq(messages.conversationId, id), eq(messages.turn, 2)));
      expect(said).toEqual(expect.arrayContaining([{ role: "customer", text: "40" }, { role: "agent", text: expect.stringContaining("Done: refund R1 for $40.") }]));
    } finally {
      await database.close();
    }
  }, 90_000);
});
