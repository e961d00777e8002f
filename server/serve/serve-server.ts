import "server-only";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { BodyTooLargeError, JSON_BODY_LIMIT, payloadTooLarge, readNodeBody } from "@/server/http/read-body";
import { answerOversized, requestOrigin, webRequestOf, writeWebResponse } from "@/server/http/node-adapter";
import { errorResponse } from "@/server/services/hosted-api/errors";
import { handleHostedApi } from "@/server/services/hosted-api/router";
import { MAX_BODY_BYTES } from "@/server/services/hosted-api/schemas";
import { callStore } from "@/server/services/store/http";

// `switchback serve`: the hosted API, the demo store's API its tools call, and a health check on plain
// node:http — the same handlers, body limits and errors as the Next routes (app/api/v1, app/api/store,
// app/api/health), without the Next.js runtime.

export interface ServeServer {
  /** e.g. http://127.0.0.1:PORT, a loopback URL even when listening on every address. */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting, lets in-flight requests (turns) finish for up to `graceMs`, then drops the rest. */
  close(graceMs?: number): Promise<void>;
}

export interface ServeOptions {
  database: Pick<Database, "db" | "kind">;
  port?: number;
  host?: string;
  /** Where the agents' tools reach this app (`{{appUrl}}`); default: this server. */
  appUrl?: string;
}

const notFound = () =>
  Response.json({ error: { code: "not_found", message: "switchback serve answers /api/v1, /api/store and /api/health; the studio is served by `next start`" } }, { status: 404 });

export async function startServeServer(opts: ServeOptions): Promise<ServeServer> {
  const { db, kind } = opts.database;
  let self = "";
  let appUrl = "";
  let inflight = 0;
  let closing = false;
  let onIdle: (() => void) | undefined;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<Response | null> {
    const path = new URL(req.url ?? "/", "http://serve").pathname;
    if (path === "/api/v1" || path.startsWith("/api/v1/")) {
      let request: Request;
      try {
        request = await webRequestOf(req, requestOrigin(req, self), MAX_BODY_BYTES, res);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        await answerOversized(req, res, errorResponse(error));
        return null;
      }
      return handleHostedApi({ db, appUrl }, request);
    }
    if (path.startsWith("/api/store/")) {
      // Straight to JSON, without web Requests: the tools call this on nearly every turn.
      let body: string | undefined;
      try {
        body = req.method === "POST" ? (await readNodeBody(req, JSON_BODY_LIMIT)).toString("utf8") : undefined;
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        await answerOversized(req, res, payloadTooLarge(error));
        return null;
      }
      const url = new URL(req.url ?? "/", "http://serve");
      const reply = await callStore(db, { method: req.method ?? "GET", url, body, authorization: req.headers.authorization });
      res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
      return null;
    }
    if (path === "/api/health" && req.method === "GET") {
      await db.execute(sql`select 1`);
      // The process id tells which of several processes behind a load balancer answered.
      return Response.json({ ok: true, database: kind, pid: process.pid });
    }
    return notFound();
  }

  const server = createServer(async (req, res) => {
    inflight++;
    try {
      // While shutting down, no connection is kept for another request.
      if (closing) res.setHeader("connection", "close");
      const response = await route(req, res);
      if (response) await writeWebResponse(res, response);
    } catch (error) {
      console.error("switchback serve:", error);
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "internal_error", message: "Something went wrong on our side; the error was logged" } }));
    } finally {
      inflight--;
      if (inflight === 0) onIdle?.();
    }
  });
  // Longer than a load balancer keeps an idle connection to us (haproxy: 5 s), so it always closes first
  // and never sends a request on a connection we are closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // A request (headers and body; not the streamed answer) must arrive within this, a slow one is dropped.
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  self = `http://${loopbackFor(opts.host ?? "127.0.0.1")}:${port}`;
  appUrl = (opts.appUrl ?? self).replace(/\/$/, "");

  return {
    url: self,
    port,
    server,
    async close(graceMs = 30_000) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inflight > 0) {
        await new Promise<void>((resolve) => {
          onIdle = resolve;
          setTimeout(resolve, graceMs).unref();
        });
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

/** An address this machine reaches the server at: loopback when it listens on every address. */
function loopbackFor(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
