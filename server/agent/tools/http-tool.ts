import type { HttpTool } from "@/lib/schemas/tool";
import { DomainError } from "@/server/errors";
import { httpRequest, type PlainResponse } from "@/server/net/http-request";
import { safeFetch } from "@/server/net/safe-fetch";
import { getPath } from "../journey/expressions";

export interface HttpToolEnv {
  appUrl: string;
  resolveSecret?: (name: string) => Promise<string | undefined>;
  /** Private hosts this workspace's tools may call; any other URL must resolve to public addresses. */
  allowHosts?: readonly string[];
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

/** The arguments a tool takes: its URL's placeholders and its argument schema's properties. */
export function argumentNames(tool: HttpTool): Set<string> {
  const names = new Set([...tool.url.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  for (const name of Object.keys((tool.args.properties ?? {}) as object)) names.add(name);
  return names;
}

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
  const transport = own ? httpRequest : guardedRequest(env.allowHosts ?? []);
  const attempts = tool.kind === "read" ? tool.retries + 1 : 1;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return keep(await send(url, { method: tool.method, headers, body, timeoutMs: tool.timeoutMs }, transport), tool.response.keep);
    } catch (e) {
      last = e;
      if (!retryable(e)) break;
    }
  }
  throw last;
}

type Transport = typeof httpRequest;

/** safeFetch as a transport (the tool's timeout aborts it); a refused address is a tool error, never retried. */
function guardedRequest(allowHosts: readonly string[]): Transport {
  return async (url, init) => {
    try {
      const res = await safeFetch(url, { method: init.method, headers: init.headers, body: init.body, allowHosts, signal: AbortSignal.timeout(init.timeoutMs), timeoutMs: 60_000, maxRedirects: 3 });
      return { status: res.status, text: res.text() };
    } catch (e) {
      if (e instanceof DomainError) throw new ToolError(e.message, 0, "blocked_url");
      throw e;
    }
  };
}

async function send(url: string, init: Parameters<Transport>[1], transport: Transport): Promise<unknown> {
  let response: PlainResponse;
  try {
    response = await transport(url, init);
  } catch (e) {
    if (e instanceof ToolError) throw e;
    const timedOut = (e as Error).name === "TimeoutError" || (e as Error).name === "AbortError";
    throw new ToolError(timedOut ? `No answer within ${init.timeoutMs} ms` : `Could not reach the tool: ${(e as Error).message}`, null, timedOut ? "timeout" : "network");
  }
  const text = response.text;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // A non-JSON body is passed on as text.
  }
  if (response.status < 200 || response.status >= 300) {
    const err = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ToolError(err?.message ?? `HTTP ${response.status}`, response.status, err?.code ?? `http_${response.status}`);
  }
  return parsed;
}
