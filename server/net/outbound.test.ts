import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockedRange } from "./address";
import { checkOutboundUrl, guardedFetch, OutboundError, outboundRequest, type ResolveHost } from "./outbound";

// The guard every outbound request passes. A listener on loopback stands in for an internal service:
// each refused form must leave it untouched.

let server: Server;
let other: Server;
let port: number;
let host: string;
let otherHost: string;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    if (req.url === "/to-metadata") return void res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    if (req.url === "/to-mapped") return void res.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${port}/ok` }).end();
    if (req.url === "/to-self") return void res.writeHead(302, { location: "/ok" }).end();
    if (req.url === "/to-other") return void res.writeHead(307, { location: `http://${otherHost}/landed` }).end();
    if (req.url === "/big") return void res.end("x".repeat(2048));
    if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2000);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ ok: true, path: req.url }));
  });
  other = createServer((req, res) => res.end(JSON.stringify({ headers: req.headers })));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  host = `127.0.0.1:${port}`;
  otherHost = `127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of [server, other]) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

const reason = (r: OutboundError["reason"]) => (e: unknown) => e instanceof OutboundError && e.reason === r;

describe("blockedRange", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["10.1.2.3", "private"],
    ["172.20.0.5", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "carrierGradeNat"],
    ["169.254.169.254", "linkLocal"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fd00::1", "uniqueLocal"],
    ["::127.0.0.1", "loopback"], // IPv4-compatible: ipaddr.js alone calls it unicast
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["64:ff9b::7f00:1", "loopback"], // NAT64
    ["64:ff9b::a9fe:a9fe", "linkLocal"],
    ["2002:7f00:1::", "loopback"], // 6to4
    ["2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"], // Teredo, client 127.0.0.1 (inverted)
  ])("blocks %s (%s)", (address, range) => {
    expect(blockedRange(address)).toBe(range);
  });

  it.each(["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::"])("lets public %s through", (address) => {
    expect(blockedRange(address)).toBeNull();
  });
});

describe("outboundRequest refuses internal addresses in every spelling", () => {
  it.each([
    `http://127.0.0.1:PORT/ok`,
    `http://localhost:PORT/ok`,
    `http://[::1]:PORT/ok`,
    `http://[::127.0.0.1]:PORT/ok`,
    `http://[::ffff:127.0.0.1]:PORT/ok`,
    `http://[64:ff9b::7f00:1]:PORT/ok`,
    `http://[2002:7f00:1::]:PORT/ok`,
    `http://2130706433:PORT/ok`, // decimal
    `http://0177.0.0.1:PORT/ok`, // octal
    `http://0x7f.0.0.1:PORT/ok`, // hex
    `http://0x7f000001:PORT/ok`,
    `http://127.1:PORT/ok`,
    `http://0.0.0.0:PORT/ok`,
    `http://169.254.169.254/latest/meta-data/`,
    `http://10.0.0.7/internal`,
    `http://172.16.0.1/`,
    `http://192.168.0.1/`,
    `http://100.64.0.1/`,
  ])("%s", async (template) => {
    const before = seen.length;
    await expect(outboundRequest(template.replace("PORT", String(port)), { timeoutMs: 2000 })).rejects.toSatisfy(reason("blocked_address"));
    expect(seen.length).toBe(before);
  });

  it("refuses credentials in the URL, including an app URL turned into a user name", async () => {
    await expect(outboundRequest("https://user:pw@example.com/")).rejects.toSatisfy(reason("invalid_url"));
    await expect(outboundRequest(`http://app.example.com@${host}/ok`, { allowHosts: [host] })).rejects.toThrow("URLs with credentials");
    await expect(outboundRequest("file:///etc/passwd")).rejects.toThrow("Only http and https URLs can be called");
    await expect(outboundRequest("not a url")).rejects.toThrow("is not a valid URL");
  });

  it("refuses a public-looking name that resolves to loopback, or to any internal address among others", async () => {
    const toLoopback: ResolveHost = async () => ["127.0.0.1"];
    await expect(outboundRequest(`http://localtest:${port}/ok`, { resolveHost: toLoopback })).rejects.toThrow("localtest resolves to a private or internal address (127.0.0.1)");
    const mixed: ResolveHost = async () => ["93.184.215.14", "::ffff:10.0.0.1"];
    await expect(outboundRequest("http://shop.example/", { resolveHost: mixed })).rejects.toSatisfy(reason("blocked_address"));
  });

  it("names a DNS failure and an unreachable host", async () => {
    const nxdomain: ResolveHost = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    await expect(outboundRequest("http://nowhere.example/", { resolveHost: nxdomain })).rejects.toThrow("The host nowhere.example could not be resolved (ENOTFOUND)");
    await expect(outboundRequest("http://127.0.0.1:9/", { allowHosts: ["127.0.0.1:9"] })).rejects.toSatisfy((e) => reason("unreachable")(e) && (e as Error).message === "Could not reach 127.0.0.1:9: ECONNREFUSED");
  });
});

describe("allowed hosts, redirects and pinning", () => {
  it("reaches an allowed host, and the app's own origin only when the origin is exactly it", async () => {
    expect((await outboundRequest(`http://${host}/ok`, { allowHosts: [host] })).json()).toEqual({ ok: true, path: "/ok" });
    expect((await outboundRequest(`http://${host}/own`, { trustedOrigins: [`http://${host}`] })).json()).toEqual({ ok: true, path: "/own" });
    await expect(outboundRequest(`http://${host}/own`, { trustedOrigins: [`http://127.0.0.1:${port + 1}`] })).rejects.toSatisfy(reason("blocked_address"));
  });

  it("checks every redirect hop: an allowed or own host cannot bounce to an internal one", async () => {
    await expect(outboundRequest(`http://${host}/to-metadata`, { allowHosts: [host] })).rejects.toThrow("169.254.169.254");
    const before = seen.length;
    await expect(outboundRequest(`http://${host}/to-mapped`, { trustedOrigins: [`http://${host}`] })).rejects.toSatisfy(reason("blocked_address"));
    expect(seen.length).toBe(before + 1); // the first hop only
    const followed = await outboundRequest(`http://${host}/to-self`, { allowHosts: [host] });
    expect(followed.url).toBe(`http://${host}/ok`);
  });

  it("drops the caller's headers (credentials) when a redirect leaves the origin", async () => {
    const res = await outboundRequest(`http://${host}/to-other`, { allowHosts: [host, otherHost], headers: { "x-api-key": "s3cret", authorization: "Bearer t", accept: "application/json" } });
    const { headers } = res.json() as { headers: Record<string, string> };
    expect(headers["x-api-key"]).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
    expect(headers.accept).toBe("application/json");
  });

  it("connects to the address it checked: the name is resolved once, by the guard, never again by the socket", async () => {
    // `localtest` is in no DNS and no /etc/hosts: the request can only arrive if the socket used the checked address.
    const calls: string[] = [];
    const resolveHost: ResolveHost = async (name) => {
      calls.push(name);
      return ["127.0.0.1"];
    };
    const res = await outboundRequest(`http://localtest:${port}/pinned`, { allowHosts: ["localtest"], resolveHost });
    expect(res.json()).toEqual({ ok: true, path: "/pinned" });
    expect(calls).toEqual(["localtest"]);
    expect(seen.at(-1)!.headers.host).toBe(`localtest:${port}`);
  });

  it("caps size and time", async () => {
    await expect(outboundRequest(`http://${host}/big`, { allowHosts: [host], maxBytes: 1024 })).rejects.toSatisfy(reason("too_large"));
    await expect(outboundRequest(`http://${host}/slow`, { allowHosts: [host], timeoutMs: 200 })).rejects.toSatisfy(reason("timeout"));
  });
});

describe("guardedFetch (the model provider's fetch)", () => {
  it("refuses an internal address unless allowed, and streams an allowed answer", async () => {
    const before = seen.length;
    await expect(guardedFetch({})(`http://${host}/ok`)).rejects.toSatisfy(reason("blocked_address"));
    await expect(guardedFetch({})("http://[::127.0.0.1]/ok")).rejects.toSatisfy(reason("blocked_address"));
    expect(seen.length).toBe(before);
    const res = await guardedFetch({ allowHosts: [host] })(`http://${host}/ok`, { method: "POST", body: JSON.stringify({ a: 1 }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, path: "/ok" });
  });

  it("fails like fetch for an unreachable host, so the AI SDK's retries apply", async () => {
    await expect(guardedFetch({ allowHosts: ["127.0.0.1:9"] })("http://127.0.0.1:9/v1")).rejects.toSatisfy((e) => e instanceof TypeError && e.message === "fetch failed");
  });
});

describe("checkOutboundUrl (save-time checks)", () => {
  it("returns the address a URL will be connected to", async () => {
    await expect(checkOutboundUrl("http://93.184.215.14/")).resolves.toMatchObject({ address: "93.184.215.14" });
    await expect(checkOutboundUrl("http://[::ffff:7f00:1]/")).rejects.toSatisfy(reason("blocked_address"));
  });
});
