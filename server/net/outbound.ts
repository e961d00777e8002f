import "server-only";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { Readable } from "node:stream";
import { DomainError } from "@/server/errors";
import { blockedRange } from "./address";

// The one client for every request the app makes on someone's behalf: HTTP tools, knowledge URL import,
// escalation webhooks and the model provider. Every hop's URL is checked (http(s), no credentials), its
// host resolved once, every address classified, and the socket connected to the address that was checked
// (so DNS cannot answer differently between check and connect). Private addresses are reachable only
// through the workspace's allowed hosts; the app's own origin only when a hop's origin equals it exactly.

export type OutboundFailure = "invalid_url" | "blocked_address" | "unresolvable_host" | "unreachable" | "timeout" | "too_large" | "too_many_redirects";

/** A request that was refused or could not be completed; `reason` is stable, the message says what to fix. */
export class OutboundError extends DomainError {
  constructor(
    readonly reason: OutboundFailure,
    message: string,
  ) {
    super("invalid", message);
    this.name = "OutboundError";
  }
}

/** Every address a host name resolves to (injectable so tests can play DNS). */
export type ResolveHost = (hostname: string) => Promise<string[]>;
const systemResolve: ResolveHost = async (hostname) => (await lookup(hostname, { all: true })).map((a) => a.address);

export interface OutboundPolicy {
  /** Private hosts (`host` or `host:port`) the workspace opted into. */
  allowHosts?: readonly string[];
  /** Origins called whatever their address: the app's own, for `{{appUrl}}` tools. Compared exactly. */
  trustedOrigins?: readonly string[];
  resolveHost?: ResolveHost;
}

export interface OutboundOptions extends OutboundPolicy {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** For the whole exchange, redirects and body included; none when absent. */
  timeoutMs?: number;
  /** Default 5 MB. */
  maxBytes?: number;
  /** Default 5; 0 answers a redirect as it is instead of following it. */
  maxRedirects?: number;
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The final URL, after redirects. */
  url: string;
  body: Buffer;
  text(): string;
  json(): unknown;
}

interface Target {
  url: URL;
  hostname: string;
  /** The checked address to connect to; null for a trusted origin (connected by name). */
  address: string | null;
}

// Connections stay open between calls (tools call the same few backends over and over); a socket idle for
// 4 s is closed first. Sockets are pooled by the address connected to, never by a name DNS may re-point.
const agents: Record<string, http.Agent> = {
  "http:": new http.Agent({ keepAlive: true, timeout: 4000 }),
  "https:": new https.Agent({ keepAlive: true, timeout: 4000 }),
};

// Sent on to another origin when a redirect leaves the first one; anything else may carry a credential.
const CROSS_ORIGIN_HEADERS = new Set(["accept", "accept-language", "content-type", "user-agent"]);

/** Throws unless `input` may be called under `policy`; returns the parsed URL and the address to connect to. */
export async function checkOutboundUrl(input: string | URL, policy: OutboundPolicy = {}): Promise<Target> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new OutboundError("invalid_url", `"${String(input)}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundError("invalid_url", `Only http and https URLs can be called, not ${url.protocol}`);
  if (url.username || url.password) throw new OutboundError("invalid_url", "URLs with credentials (user@host) are not allowed: send a header with a secret instead");
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  if (policy.trustedOrigins?.includes(url.origin)) return { url, hostname, address: null };

  let addresses: string[];
  try {
    addresses = isIP(hostname) ? [hostname] : await (policy.resolveHost ?? systemResolve)(hostname);
  } catch (e) {
    throw new OutboundError("unresolvable_host", `The host ${hostname} could not be resolved (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): check its spelling`);
  }
  if (addresses.length === 0) throw new OutboundError("unresolvable_host", `The host ${hostname} could not be resolved: check its spelling`);
  const allowed = policy.allowHosts?.some((h) => h.toLowerCase() === hostname || h.toLowerCase() === url.host);
  for (const address of allowed ? [] : addresses) {
    if (blockedRange(address)) {
      throw new OutboundError("blocked_address", `${hostname} resolves to a private or internal address (${address}); add the host to the workspace's allowed hosts if this is intended`);
    }
  }
  return { url, hostname, address: addresses[0]! };
}

/** One request: checked at every hop, capped in size and time; the body is read whole. */
export async function outboundRequest(url: string, opts: OutboundOptions = {}): Promise<OutboundResponse> {
  const deadline = new Deadline(opts.timeoutMs, opts.signal);
  const at = { host: "" };
  try {
    const { response, url: final } = await open(url, opts, deadline, at);
    const body = await readBody(response, opts.maxBytes ?? 5 * 1024 * 1024, deadline);
    return {
      status: response.statusCode ?? 0,
      headers: response.headers,
      url: final.toString(),
      body,
      text: () => body.toString("utf8"),
      json: () => JSON.parse(body.toString("utf8")) as unknown,
    };
  } catch (e) {
    throw failure(e, deadline, at.host || hostOf(url), opts.timeoutMs);
  } finally {
    deadline.done();
  }
}

/**
 * `fetch` through the same guard, for libraries that take one (the AI SDK's providers). The body streams;
 * a network failure is a TypeError("fetch failed") as with fetch, so the library's retries still apply.
 */
export function guardedFetch(policy: OutboundPolicy): typeof fetch {
  return async (input, init) => {
    const { url, method, headers, body, signal } = await requestParts(input, init);
    const deadline = new Deadline(undefined, signal);
    const at = { host: "" };
    try {
      const { response } = await open(url, { ...policy, method, headers, body }, deadline, at);
      response.once("close", () => deadline.done());
      return toWebResponse(response);
    } catch (e) {
      deadline.done();
      const error = failure(e, deadline, at.host || hostOf(url), undefined);
      if (error instanceof OutboundError && error.reason === "unreachable") throw new TypeError("fetch failed", { cause: error });
      throw error;
    }
  };
}

/**
 * What a fetch call sends. The AI SDK calls with a URL string and a plain init (headers object, string
 * body): read those as they are; anything else goes through a web Request, whose construction and body
 * stream were a measurable part of every model call.
 */
async function requestParts(input: RequestInfo | URL, init: RequestInit | undefined) {
  const headers = init?.headers;
  const plainHeaders = headers === undefined || (!(headers instanceof Headers) && !Array.isArray(headers));
  const body = init?.body ?? undefined;
  if ((typeof input === "string" || input instanceof URL) && plainHeaders && (body === undefined || typeof body === "string" || body instanceof Uint8Array)) {
    const plain: Record<string, string> = {};
    for (const [k, v] of Object.entries((headers ?? {}) as Record<string, string | undefined>)) if (v !== undefined) plain[k.toLowerCase()] = String(v);
    return { url: String(input), method: (init?.method ?? "GET").toUpperCase(), headers: plain, body, signal: init?.signal ?? undefined };
  }
  const request = new Request(input, init);
  return {
    url: request.url,
    method: request.method,
    headers: Object.fromEntries(request.headers),
    body: request.body ? new Uint8Array(await request.arrayBuffer()) : undefined,
    signal: request.signal,
  };
}

async function open(url: string, opts: OutboundOptions, deadline: Deadline, at: { host: string }): Promise<{ response: http.IncomingMessage; url: URL }> {
  const maxRedirects = opts.maxRedirects ?? 5;
  let current: string | URL = url;
  let method = opts.method ?? "GET";
  let body = opts.body;
  let headers = opts.headers ?? {};
  for (let hop = 0; ; hop++) {
    const target: Target = await deadline.race(checkOutboundUrl(current, opts));
    at.host = target.url.host;
    const response = await send(target, { method, headers, body }, deadline);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (maxRedirects === 0 || status < 300 || status >= 400 || !location) return { response, url: target.url };
    response.resume();
    if (hop >= maxRedirects) throw new OutboundError("too_many_redirects", `Too many redirects (more than ${maxRedirects})`);
    try {
      current = new URL(location, target.url);
    } catch {
      throw new OutboundError("invalid_url", `${target.url.host} redirected to an invalid URL`);
    }
    if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
      method = method === "HEAD" ? "HEAD" : "GET";
      body = undefined;
    }
    if (current.origin !== target.url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => CROSS_ORIGIN_HEADERS.has(k.toLowerCase())));
  }
}

function send(target: Target, init: { method: string; headers: Record<string, string>; body?: string | Uint8Array }, deadline: Deadline): Promise<http.IncomingMessage> {
  const { url, hostname, address } = target;
  const secure = url.protocol === "https:";
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(init.headers)) if (!/^(host|content-length|transfer-encoding|connection)$/i.test(k)) headers[k] = v;
  headers.host = url.host;
  if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
  return new Promise((resolve, reject) => {
    if (deadline.aborted) return reject(deadline.reason);
    const request = (secure ? https : http).request(
      {
        // The checked address, not the name: nothing resolves it again. TLS still verifies the name.
        host: address ?? hostname,
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: init.method,
        headers,
        agent: agents[url.protocol],
        ...(secure && !isIP(hostname) ? { servername: hostname } : {}),
      },
      resolve,
    );
    const off = deadline.on((reason) => request.destroy(reason as Error));
    request.once("close", off);
    request.on("error", reject);
    request.end(init.body);
  });
}

function readBody(response: http.IncomingMessage, maxBytes: number, deadline: Deadline): Promise<Buffer> {
  const declared = Number(response.headers["content-length"] ?? 0);
  if (declared > maxBytes) {
    response.destroy();
    return Promise.reject(new OutboundError("too_large", `The response is too large (${declared} bytes; the limit is ${maxBytes})`));
  }
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const fail = (error: unknown) => {
      off();
      response.destroy();
      reject(error);
    };
    const off = deadline.on(fail);
    response.on("data", (part: Buffer) => {
      size += part.byteLength;
      if (size > maxBytes) return fail(new OutboundError("too_large", `The response is too large (over ${maxBytes} bytes)`));
      parts.push(part);
    });
    response.on("end", () => {
      off();
      resolve(Buffer.concat(parts));
    });
    response.on("error", fail);
  });
}

class DeadlinePassed extends Error {}

/** The caller's abort and our timeout as one (lighter than an AbortController and its listeners per call). */
class Deadline {
  aborted = false;
  reason: unknown;
  private readonly listeners = new Set<(reason: unknown) => void>();
  private readonly timer?: NodeJS.Timeout;
  private readonly onOuter?: () => void;

  constructor(
    timeoutMs: number | undefined,
    private readonly outer?: AbortSignal,
  ) {
    if (timeoutMs) this.timer = setTimeout(() => this.abort(new DeadlinePassed()), timeoutMs);
    if (outer?.aborted) this.abort(outer.reason);
    else if (outer) outer.addEventListener("abort", (this.onOuter = () => this.abort(outer.reason)), { once: true });
  }

  private abort(reason: unknown) {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    for (const listener of this.listeners) listener(reason);
  }

  /** Calls `listener` on abort; returns the function that stops listening. */
  on(listener: (reason: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  race<T>(promise: Promise<T>): Promise<T> {
    if (this.aborted) return Promise.reject(this.reason);
    return new Promise((resolve, reject) => {
      const off = this.on(reject);
      promise.then(resolve, reject).finally(off);
    });
  }

  done() {
    clearTimeout(this.timer);
    if (this.onOuter) this.outer?.removeEventListener("abort", this.onOuter);
  }
}

/** What the caller sees: our refusals as they are, the caller's own abort as it is, the rest named. */
function failure(error: unknown, deadline: Deadline, host: string, timeoutMs: number | undefined): unknown {
  if (error instanceof OutboundError) return error;
  if (deadline.aborted) {
    if (deadline.reason instanceof DeadlinePassed) return new OutboundError("timeout", `${host} did not answer within ${Math.round((timeoutMs ?? 0) / 100) / 10} s`);
    return deadline.reason;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return new OutboundError("unreachable", `Could not reach ${host}: ${code ?? (error as Error).message}`);
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

function toWebResponse(response: http.IncomingMessage): Response {
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const status = response.statusCode ?? 0;
  const empty = status === 204 || status === 205 || status === 304;
  if (empty) response.resume();
  return new Response(empty ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), { status, statusText: response.statusMessage, headers });
}
