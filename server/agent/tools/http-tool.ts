import type { HttpTool } from "@/lib/schemas/tool";
import { DomainError } from "@/server/errors";
import { safeFetch } from "@/server/net/safe-fetch";
import { getPath } from "../journey/expressions";

export interface HttpToolEnv {
  appUrl: string;
  resolveSecret?: (name: string) => Promise<string | undefined>;
  /** Private hosts this workspace's tools may call; any other URL must resolve to public addresses. */
  allowHosts?: readonly string[];
  fetch?: typeof fetch;
}

/** A tool call that did not produce a result: the backend said no, timed out, or was unreachable. */
export class ToolError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string,
  ) {
    super(message);
    this.name = "ToolError";
  }
}

const PLACEHOLDER = /\{([a-z_][a-z0-9_]*)\}/gi;

/** The request a call makes: path placeholders filled, the other arguments in the query or the body. */
export function buildRequest(tool: HttpTool, args: Record<string, unknown>, appUrl: string): { url: string; body?: string } {
  const used = new Set<string>();
  const withBase = tool.url.replace(/\{\{\s*appUrl\s*\}\}/g, appUrl.replace(/\/$/, ""));
  const path = withBase.replace(PLACEHOLDER, (_, name: string) => {
    used.add(name);
    return encodeURIComponent(String(args[name] ?? ""));
  });
  const rest = Object.fromEntries(Object.entries(args).filter(([k, v]) => !used.has(k) && v !== undefined));
  if (tool.method === "GET" || tool.method === "DELETE") {
    const url = new URL(path);
    for (const [k, v] of Object.entries(rest)) url.searchParams.set(k, typeof v === "string" ? v : JSON.stringify(v));
    return { url: url.toString() };
  }
  return { url: path, body: JSON.stringify(rest) };
}

async function resolveHeaders(tool: HttpTool, env: HttpToolEnv): Promise<Record<string, string>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (tool.method !== "GET" && tool.method !== "DELETE") headers["content-type"] = "application/json";
  for (const [name, template] of Object.entries(tool.headers)) {
    let value = template;
    for (const m of template.matchAll(/\{\{\s*secret\.([A-Za-z0-9_]+)\s*\}\}/g)) {
      const secret = await env.resolveSecret?.(m[1]!);
      if (secret === undefined) throw new ToolError(`Secret ${m[1]} is not set`, null, "missing_secret");
      value = value.replace(m[0], secret);
    }
    headers[name] = value;
  }
  return headers;
}

function keep(body: unknown, paths: string[] | undefined): unknown {
  if (!paths || paths.length === 0 || typeof body !== "object" || body === null) return body;
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const keys = path.split(".");
    let target = out;
    keys.slice(0, -1).forEach((k) => (target = (target[k] ??= {}) as Record<string, unknown>));
    target[keys.at(-1)!] = getPath(body, path);
  }
  return out;
}

const retryable = (e: unknown) => !(e instanceof ToolError) || e.status === null || e.status >= 500;

/** Calls an HTTP tool. Reads are retried on network errors and 5xx; writes are sent exactly once. */
export async function runHttpTool(tool: HttpTool, args: Record<string, unknown>, env: HttpToolEnv): Promise<unknown> {
  const { url, body } = buildRequest(tool, args, env.appUrl);
  const headers = await resolveHeaders(tool, env);
  // Only this app's own API (`{{appUrl}}`) is called directly; a builder's URL goes through the SSRF check.
  const own = /^\s*\{\{\s*appUrl\s*\}\}/.test(tool.url);
  const doFetch = env.fetch ?? (own ? fetch : guardedFetch(env.allowHosts ?? []));
  const attempts = tool.kind === "read" ? tool.retries + 1 : 1;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return keep(await send(url, { method: tool.method, headers, body }, tool.timeoutMs, doFetch), tool.response.keep);
    } catch (e) {
      last = e;
      if (!retryable(e)) break;
    }
  }
  throw last;
}

/** safeFetch behind the fetch signature `send` uses; a refused address is a tool error, never retried. */
function guardedFetch(allowHosts: readonly string[]): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    try {
      const res = await safeFetch(String(input), { method: init?.method, headers: init?.headers, body: init?.body as string | undefined, allowHosts, signal: init?.signal ?? undefined, timeoutMs: 60_000, maxRedirects: 3 });
      return new Response(res.status === 204 || res.status === 304 ? null : new Uint8Array(res.body), { status: res.status, headers: res.headers });
    } catch (e) {
      if (e instanceof DomainError) throw new ToolError(e.message, 0, "blocked_url");
      throw e;
    }
  }) as typeof fetch;
}

async function send(url: string, init: RequestInit, timeoutMs: number, doFetch: typeof fetch): Promise<unknown> {
  let response: Response;
  try {
    response = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    if (e instanceof ToolError) throw e;
    const timedOut = (e as Error).name === "TimeoutError" || (e as Error).name === "AbortError";
    throw new ToolError(timedOut ? `No answer within ${timeoutMs} ms` : `Could not reach the tool: ${(e as Error).message}`, null, timedOut ? "timeout" : "network");
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // A non-JSON body is passed on as text.
  }
  if (!response.ok) {
    const err = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ToolError(err?.message ?? `HTTP ${response.status}`, response.status, err?.code ?? `http_${response.status}`);
  }
  return parsed;
}
