import "server-only";
import type { IncomingMessage } from "node:http";

// Every route reads its body through here, so no request can make the server hold more than its
// route's limit: the declared length is checked first, and a chunked body is cut off as it streams.

/** JSON APIs: tRPC, Auth.js, the playground, the store API. */
export const JSON_BODY_LIMIT = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request bodies here are limited to ${formatBytes(limit)}: send less`);
    this.name = "BodyTooLargeError";
  }
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;
}

function declaredTooLarge(length: string | null | undefined, limit: number): boolean {
  return Number(length ?? 0) > limit;
}

/** The whole body, or BodyTooLargeError as soon as more than `limit` bytes have arrived. */
export async function readBody(request: Request, limit: number): Promise<Buffer> {
  if (declaredTooLarge(request.headers.get("content-length"), limit)) throw new BodyTooLargeError(limit);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The node:http counterpart of readBody (the hosted API's own server). */
export function readNodeBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (declaredTooLarge(req.headers["content-length"], limit)) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) return void chunks.push(chunk);
      // Stop reading but keep the socket: the caller answers 413 on it and closes the connection.
      req.off("data", onData).pause();
      reject(new BodyTooLargeError(limit));
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/**
 * A copy of the request whose body is already read within `limit`: for handlers that read the body
 * themselves (tRPC's fetch adapter, Auth.js, formData()).
 */
export async function boundedRequest(request: Request, limit: number): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const body = await readBody(request, limit);
  return new Request(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body), signal: request.signal });
}

/** The JSON error every route answers an oversized body with. */
export function payloadTooLarge(error: BodyTooLargeError): Response {
  return Response.json({ error: { code: "payload_too_large", message: error.message } }, { status: 413, headers: { connection: "close" } });
}

/** Wraps a route handler so it only ever sees a body within `limit`; past it the client gets a 413. */
export function withBodyLimit<A extends unknown[]>(limit: number, handler: (request: Request, ...rest: A) => Promise<Response> | Response) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    let bounded: Request;
    try {
      bounded = await boundedRequest(request, limit);
    } catch (e) {
      if (e instanceof BodyTooLargeError) return payloadTooLarge(e);
      throw e;
    }
    return handler(bounded, ...rest);
  };
}
