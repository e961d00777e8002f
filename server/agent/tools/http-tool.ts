import type { HttpTool } from "@/lib/schemas/tool";
import { OutboundError, outboundRequest } from "@/server/net/outbound";
import { getPath } from "../journey/expressions";

export interface HttpToolEnv {
  appUrl: string;
  resolveSecret?: (name: string) => Promise<string | undefined>;
  /** Private hosts this workspace's tools may call; any other URL (but appUrl's origin) must resolve to public addresses. */
  allowHosts?: readonly string[];
  /** An eval case's recorded answers: every call answers from them (or throws a ToolError) and none reaches the network. */
  mockTool?: (tool: HttpTool, args: Record<string, unknown>) => Promise<unknown>;
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

/**
 * Calls an HTTP tool. Reads are retried on network errors and 5xx; writes are sent exactly once per call,
 * with `Idempotency-Key` when given, so a backend can tell a call taken over after a crash from a new one.
 */
export async function runHttpTool(tool: HttpTool, args: Record<string, unknown>, env: HttpToolEnv, opts: { idempotencyKey?: string } = {}): Promise<unknown> {
  if (env.mockTool) return keep(await env.mockTool(tool, args), tool.response.keep);
  const { url, body } = buildRequest(tool, args, env.appUrl);
  const headers = await resolveHeaders(tool, env);
  if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
  const attempts = tool.kind === "read" ? tool.retries + 1 : 1;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return keep(await send(url, { method: tool.method, headers, body, timeoutMs: tool.timeoutMs }, env), tool.response.keep);
    } catch (e) {
      last = e;
      if (!retryable(e)) break;
    }
  }
  throw last;
}

/** True when a tool URL names a user (`{{appUrl}}@host` makes the app URL a user name): refused at save. */
export function hasUserinfo(template: string): boolean {
  const sample = template.replace(/\{\{\s*appUrl\s*\}\}/g, "http://app.invalid").replace(PLACEHOLDER, "x");
  return URL.canParse(sample) && (new URL(sample).username !== "" || new URL(sample).password !== "");
}

// The app's own API is `{{appUrl}}`'s origin, decided on the expanded URL: nothing a template adds after
// `{{appUrl}}` (a user name, another host) makes some other address "own".
function ownOrigin(appUrl: string): string[] {
  return URL.canParse(appUrl) ? [new URL(appUrl).origin] : [];
}

// A refusal is never retried (status 0); a timeout or an unreachable backend may be (status null).
const toolCodes: Record<OutboundError["reason"], { code: string; retry: boolean }> = {
  invalid_url: { code: "blocked_url", retry: false },
  blocked_address: { code: "blocked_url", retry: false },
  too_many_redirects: { code: "blocked_url", retry: false },
  too_large: { code: "too_large", retry: false },
  unresolvable_host: { code: "network", retry: true },
  unreachable: { code: "network", retry: true },
  timeout: { code: "timeout", retry: true },
};

async function send(url: string, init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }, env: HttpToolEnv): Promise<unknown> {
  let response: { status: number; text(): string };
  try {
    response = await outboundRequest(url, { ...init, allowHosts: env.allowHosts, trustedOrigins: ownOrigin(env.appUrl), maxRedirects: 3 });
  } catch (e) {
    if (!(e instanceof OutboundError)) throw e;
    const { code, retry } = toolCodes[e.reason];
    throw new ToolError(e.reason === "timeout" ? `No answer within ${init.timeoutMs} ms` : e.message, retry ? null : 0, code);
  }
  const text = response.text();
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
