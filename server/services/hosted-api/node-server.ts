import "server-only";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { answerOversized, webRequestOf, writeWebResponse } from "@/server/http/node-adapter";
import { BodyTooLargeError } from "@/server/http/read-body";
import { errorResponse } from "./errors";
import { handleHostedApi, type HostedApiEnv } from "./router";
import { MAX_BODY_BYTES } from "./schemas";

export interface ApiServer {
  /** e.g. http://127.0.0.1:PORT — the API is under `${url}/api/v1`. */
  url: string;
  close: () => Promise<void>;
}

/**
 * Serves `handleHostedApi` on 127.0.0.1 with node:http, streaming responses as they are written: for
 * contract tests (real HTTP clients such as the `openai` SDK) and the benchmark, where no Next server runs.
 * `appUrl` defaults to this server itself, which then also needs `extra` to serve the store API.
 */
export async function startApiServer(
  env: Omit<HostedApiEnv, "appUrl"> & { appUrl?: string },
  extra?: (request: Request) => Promise<Response | null>,
): Promise<ApiServer> {
  let self = "";
  let inflight = 0;
  const respond = async (request: Request) => (await extra?.(request)) ?? (await handleHostedApi({ ...env, appUrl: env.appUrl ?? self }, request));
  const server = createServer(async (req, res) => {
    inflight++;
    try {
      let request: Request;
      try {
        // Buffered, but never past the API's body limit: a larger body stops being read and gets a 413.
        request = await webRequestOf(req, self, MAX_BODY_BYTES, res);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return await answerOversized(req, res, errorResponse(error));
      }
      await writeWebResponse(res, await respond(request));
    } catch (error) {
      console.error("hosted API server:", error);
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal_error", message: "Something went wrong on our side; the error was logged" } }));
    } finally {
      inflight--;
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: self,
    // Requests a client gave up on still run to the end: let them finish before the database closes.
    close: async () => {
      for (let i = 0; i < 1500 && inflight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      });
    },
  };
}
