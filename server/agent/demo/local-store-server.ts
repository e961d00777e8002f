import "server-only";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/db/client";
import { callStore } from "@/server/services/store/http";

export interface StoreServer {
  /** Base URL to use as the agent's appUrl. */
  appUrl: string;
  /** Requests served, by method and path: lets tests count how often a write reached the store. */
  requests: { method: string; path: string }[];
  close: () => Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/**
 * Serves the store API (`callStore`) on 127.0.0.1 with node:http, as the Next route does: for tests, the
 * bench and the CLI, where no Next server runs. Straight from node:http to JSON, without web Requests
 * and Responses: the bench's tools call it on every turn.
 */
export async function startStoreServer(db: Db): Promise<StoreServer> {
  const requests: StoreServer["requests"] = [];
  const server = createServer(async (req, res) => {
    try {
      const method = req.method ?? "GET";
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      requests.push({ method, path: url.pathname });
      const reply = await callStore(db, { method, url, body: method === "POST" ? await readBody(req) : undefined, authorization: req.headers.authorization });
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(JSON.stringify(reply.body));
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal", message: (error as Error).message } }));
    }
  });
  // Above undici's 2 s keep-alive threshold: a shorter timeout makes fetch open a connection per tool call.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    appUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
