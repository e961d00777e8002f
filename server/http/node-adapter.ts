import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readNodeBody } from "./read-body";

// node:http ⇄ web Request/Response for the servers that run without Next.js (`switchback serve`, the
// tests' and the bench's API servers): the handlers stay the same functions the Next routes call.

const bodiless = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The origin the client addressed (the Host header, as Next builds request.url), else `fallback`. Only
 * links in answers use it (the OpenAPI document's server): where tools call is never taken from it.
 */
export function requestOrigin(req: IncomingMessage, fallback: string): string {
  const proto = req.headers["x-forwarded-proto"] === "https" ? "https" : "http";
  const host = req.headers.host;
  if (!host || !URL.canParse(`${proto}://${host}`)) return fallback;
  const url = new URL(`${proto}://${host}`);
  return url.host === host.toLowerCase() ? url.origin : fallback;
}

/**
 * A web Request for a node:http request, its body read in full but never past `limit` (BodyTooLargeError).
 * Its signal aborts when the response closes (answered, or the client left), as Next's does: an endless
 * stream (a conversation's events) stops on it.
 */
export async function webRequestOf(req: IncomingMessage, origin: string, limit: number, res?: ServerResponse): Promise<Request> {
  const method = req.method ?? "GET";
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const body = bodiless.has(method) ? undefined : await readNodeBody(req, limit);
  const closed = new AbortController();
  res?.once("close", () => closed.abort());
  return new Request(new URL(req.url ?? "/", origin), { method, headers, body: body && new Uint8Array(body), signal: closed.signal });
}

/**
 * Writes a web Response, streaming its body as it is produced (SSE replies) and waiting for the socket
 * to drain. A client that leaves mid-stream does not stop the stream being read to its end: the turn
 * behind it finishes and is stored, as under Next.
 */
export async function writeWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (res.destroyed) continue;
      if (!res.write(chunk)) await drained(res);
    }
  }
  res.end();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      resolve();
    };
    res.on("drain", done).on("close", done);
  });
}

/** How much more of an oversized body is read (and dropped) after its 413, at most. */
const LINGER_BYTES = 1024 * 1024;

/**
 * Answers a request whose body went past its limit, while the client may still be sending it. The
 * socket is never closed under a sending client: its next write would fail (EPIPE) and it might never
 * read the 413. Up to LINGER_BYTES more are read and dropped, so a body that was nearly done ends and
 * the connection stays usable; past that, reading stops and the client, which has its answer, closes
 * (or the server's requestTimeout does).
 */
export async function answerOversized(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  response.headers.delete("connection");
  await writeWebResponse(res, response);
  if (req.readableEnded || req.destroyed) return;
  let seen = 0;
  const onData = (chunk: Buffer) => {
    seen += chunk.byteLength;
    if (seen > LINGER_BYTES) req.off("data", onData).pause();
  };
  req.on("data", onData).resume();
}
