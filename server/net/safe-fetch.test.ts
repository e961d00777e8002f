import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertPublicUrl, safeFetch } from "./safe-fetch";

let server: Server;
let base: string;
let host: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/to-metadata") return void res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    if (req.url === "/to-self") return void res.writeHead(302, { location: "/ok" }).end();
    if (req.url === "/big") return void res.end("x".repeat(2048));
    if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2000);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ ok: true, path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("assertPublicUrl", () => {
  it.each([
    ["http://127.0.0.1/", "127.0.0.1"],
    ["http://localhost:8080/x", "127.0.0.1"],
    ["http://10.1.2.3/", "10.1.2.3"],
    ["http://192.168.1.1/", "192.168.1.1"],
    ["http://172.20.0.5/", "172.20.0.5"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254"],
    ["http://[::1]/", "::1"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"],
    ["http://0.0.0.0/", "0.0.0.0"],
  ])("refuses %s", async (url, address) => {
    await expect(assertPublicUrl(url)).rejects.toThrow(`resolves to a private or internal address (${address})`);
  });

  it("refuses other schemes and credentials", async () => {
    await expect(assertPublicUrl("file:///etc/passwd")).rejects.toThrow("Only http and https URLs can be called");
    await expect(assertPublicUrl("https://user:pw@example.com/")).rejects.toThrow("URLs with credentials are not allowed");
    await expect(assertPublicUrl("not a url")).rejects.toThrow("is not a valid URL");
  });

  it("accepts a public address and an explicitly allowed private host", async () => {
    await expect(assertPublicUrl("http://93.184.215.14/")).resolves.toBeInstanceOf(URL);
    await expect(assertPublicUrl(`${base}/ok`, [host])).resolves.toBeInstanceOf(URL);
  });
});

describe("safeFetch", () => {
  it("refuses loopback unless the host is allowed", async () => {
    await expect(safeFetch(`${base}/ok`)).rejects.toThrow("private or internal address");
    const res = await safeFetch(`${base}/ok`, { allowHosts: [host] });
    expect(res.json()).toEqual({ ok: true, path: "/ok" });
  });

  it("checks every redirect hop: an allowed host cannot bounce to the metadata service", async () => {
    await expect(safeFetch(`${base}/to-metadata`, { allowHosts: [host] })).rejects.toThrow("169.254.169.254");
    const followed = await safeFetch(`${base}/to-self`, { allowHosts: [host] });
    expect(followed.url).toBe(`${base}/ok`);
  });

  it("caps size and time", async () => {
    await expect(safeFetch(`${base}/big`, { allowHosts: [host], maxBytes: 1024 })).rejects.toThrow("too large");
    await expect(safeFetch(`${base}/slow`, { allowHosts: [host], timeoutMs: 200 })).rejects.toThrow("No response within");
  });
});
