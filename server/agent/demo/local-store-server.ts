import "server-only";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/db/client";
import { handleStoreRequest } from "@/server/services/store/http";

export interface StoreServer {
  /** Base URL to use as the agent's appUrl. */
  appUrl: string;
  /** Requests served, by method and path: lets tests count how often a write reached the store. */
  requests: { method: string; path: string }[];
  close: () => Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/**
 * Serves the store API (`handleStoreRequest`) on 127.0.0.1 with node:http, the way the Next route does:
 * for tests, the bench and the CLI, where no Next server runs.
 */
export async function startStoreServer(db: Db): Promise<StoreServer> {
  const requests: StoreServer["requests"] = [];
  const server = createServer(async (req, res) => {
    try {
      const url = `http://127.0.0.1${req.url ?? "/"}`;
      requests.push({ method: req.method ?? "GET", path: new URL(url).pathname });
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
      const response = await handleStoreRequest(db, new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
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
