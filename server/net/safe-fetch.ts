import "server-only";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { DomainError } from "@/server/errors";

// Addresses a brand's tool or a knowledge URL must never reach: loopback, private networks, link-local
// (incl. cloud metadata 169.254.169.254), CGNAT, multicast and reserved ranges, in IPv4 and IPv6.
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) blocked.addSubnet(net, prefix, "ipv6");

function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return blocked.check(mapped, "ipv4");
  return blocked.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

const refuse = (message: string) => new DomainError("invalid", message);

/** Throws unless `url` is http(s) and every address its host resolves to is public (or the host is allowed). */
export async function assertPublicUrl(url: string | URL, allowHosts: readonly string[] = []): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse(`"${String(url)}" is not a valid URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw refuse(`Only http and https URLs can be called, not ${parsed.protocol}`);
  if (parsed.username || parsed.password) throw refuse("URLs with credentials are not allowed: use a header with a secret instead");
  const host = parsed.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (allowHosts.some((h) => h.toLowerCase() === host || h.toLowerCase() === parsed.host.toLowerCase())) return parsed;
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) throw refuse(`The host ${host} could not be resolved`);
  const bad = addresses.find(isBlockedAddress);
  if (bad) {
    throw refuse(`${host} resolves to a private or internal address (${bad}); add the host to the workspace's allowed hosts if this is intended`);
  }
  return parsed;
}

export interface SafeFetchOptions {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit | null;
  allowHosts?: readonly string[];
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
}

export interface SafeResponse {
  status: number;
  headers: Headers;
  /** The final URL, after redirects. */
  url: string;
  body: Buffer;
  text(): string;
  json(): unknown;
}

/**
 * fetch for URLs that come from builders or customers: checks the address before every hop (redirects
 * are followed by hand, so a public URL cannot bounce to an internal one), caps size and time.
 * The check-then-connect gap (DNS rebinding) is narrowed, not closed: for hostile networks put the app
 * behind an egress proxy as well.
 */
export async function safeFetch(url: string, opts: SafeFetchOptions = {}): Promise<SafeResponse> {
  const { timeoutMs = 10_000, maxBytes = 5 * 1024 * 1024, maxRedirects = 5, allowHosts = [] } = opts;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let current = url;
  let method = opts.method ?? "GET";
  let body = opts.body ?? null;
  try {
    for (let hop = 0; ; hop++) {
      const target = await assertPublicUrl(current, allowHosts);
      const response = await fetch(target, { method, headers: opts.headers, body, redirect: "manual", signal });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (hop >= maxRedirects) throw refuse(`Too many redirects (more than ${maxRedirects})`);
        current = new URL(location, target).toString();
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
          method = "GET";
          body = null;
        }
        continue;
      }
      const bytes = await readCapped(response, maxBytes);
      return {
        status: response.status,
        headers: response.headers,
        url: target.toString(),
        body: bytes,
        text: () => bytes.toString("utf8"),
        json: () => JSON.parse(bytes.toString("utf8")) as unknown,
      };
    }
  } catch (error) {
    if (timeout.aborted) throw refuse(`No response within ${Math.round(timeoutMs / 1000)} s`);
    throw error;
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw refuse(`The response is too large (${declared} bytes; the limit is ${maxBytes})`);
  const parts: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); reader && read && !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw refuse(`The response is too large (over ${maxBytes} bytes)`);
    }
    parts.push(Buffer.from(read.value));
  }
  return Buffer.concat(parts);
}
