import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { httpToolSchema } from "@/lib/schemas/tool";
import { runHttpTool, ToolError } from "@/server/agent/tools/http-tool";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";

// Tool URLs come from builders: a test call or a runtime call must never reach loopback, private
// networks or the cloud metadata service — not directly, and not through a redirect.

let db: Db;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
let server: Server;
let host: string;
let port: number;
let metadataHits = 0;
const received: { url: string; headers: Record<string, unknown> }[] = [];

beforeAll(async () => {
  db = (await testDatabase()).db;
  ws = await makeWorkspace(db);
  server = createServer((req, res) => {
    received.push({ url: req.url ?? "", headers: req.headers });
    if (req.url?.startsWith("/to-loopback")) return void res.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${port}/meta` }).end();
    if (req.url?.startsWith("/bounce")) return void res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/iam/" }).end();
    if (req.url?.startsWith("/meta")) metadataHits += 1;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ ok: true, path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  host = `127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const tool = (url: string) => ({ name: "probe", description: "Probe", method: "GET", url, kind: "read" });
const testCall = (url: string) => ws.caller.tools.test({ workspace: ws.workspace.slug, tool: tool(url), args: {} });

describe("SSRF-safe tool calls", () => {
  it.each([
    ["loopback", "http://127.0.0.1:9/admin", "127.0.0.1"],
    ["localhost", "http://localhost:9/admin", "127.0.0.1"],
    ["private 10.x", "http://10.0.0.7/internal", "10.0.0.7"],
    ["metadata", "http://169.254.169.254/latest/meta-data/", "169.254.169.254"],
  ])("refuses a %s URL in a test call", async (_, url, address) => {
    const res = await testCall(url);
    expect(res.ok).toBe(false);
    expect(res).toMatchObject({ error: { code: "blocked_url" } });
    expect(!res.ok && res.error.message).toContain(`private or internal address (${address})`);
  });

  it("refuses a redirect to the metadata service even from an allowed host", async () => {
    await ws.caller.settings.save({ workspace: ws.workspace.slug, model: { kind: "local" }, allowedHosts: [host] });
    const direct = await testCall(`http://${host}/hello`);
    expect(direct).toMatchObject({ ok: true, result: { ok: true, path: "/hello" } }); // the allowed host itself works
    const res = await testCall(`http://${host}/bounce`);
    expect(res).toMatchObject({ ok: false, error: { code: "blocked_url" } });
    expect(!res.ok && res.error.message).toContain("169.254.169.254");
  });

  it("the runtime's HTTP tools use the same rules; only {{appUrl}} (this app) is called directly", async () => {
    const args = {};
    const probe = httpToolSchema.parse(tool(`http://${host}/meta`));
    await expect(runHttpTool(probe, args, { appUrl: "http://unused" })).rejects.toSatisfy((e) => e instanceof ToolError && e.code === "blocked_url");
    const bounce = httpToolSchema.parse(tool(`http://${host}/bounce`));
    await expect(runHttpTool(bounce, args, { appUrl: "http://unused", allowHosts: [host] })).rejects.toThrow(/169\.254\.169\.254/);
    expect(metadataHits).toBe(0);
    expect(await runHttpTool(probe, args, { appUrl: "http://unused", allowHosts: [host] })).toEqual({ ok: true, path: "/meta" });
    const own = httpToolSchema.parse(tool("{{appUrl}}/own"));
    expect(await runHttpTool(own, args, { appUrl: `http://${host}` })).toEqual({ ok: true, path: "/own" });
  });

  it("a write test call needs an explicit confirmation", async () => {
    const write = { ...tool(`http://${host}/w`), method: "POST", kind: "write" };
    await expect(ws.caller.tools.test({ workspace: ws.workspace.slug, tool: write, args: {} })).rejects.toThrow(/confirm that the test call may change real data/);
    expect(await ws.caller.tools.test({ workspace: ws.workspace.slug, tool: write, args: { a: 1 }, confirmWrite: true })).toMatchObject({ ok: true, result: { path: "/w" } });
  });

  it("decides 'own' by the expanded URL's origin: {{appUrl}}@host makes the app URL a user name and is refused", async () => {
    const secretHeader = httpToolSchema.parse({ ...tool("{{appUrl}}/x"), headers: { "x-store-key": "{{secret.STORE_KEY}}" } });
    const env = { appUrl: "http://app.example.test", resolveSecret: async () => "store-secret-value" };
    const before = received.length;
    for (const url of [`{{appUrl}}@${host}/x`, "{{appUrl}}@169.254.169.254/latest/meta-data/", `{{appUrl}}:pw@${host}/x`]) {
      await expect(runHttpTool({ ...secretHeader, url }, {}, env)).rejects.toSatisfy((e) => e instanceof ToolError && e.code === "blocked_url" && e.message.includes("credentials"));
    }
    // Even with the app on loopback and the target an allowed host, the user-name form never reaches it.
    await expect(runHttpTool({ ...secretHeader, url: `{{appUrl}}@${host}/x` }, {}, { ...env, appUrl: `http://${host}`, allowHosts: [host] })).rejects.toSatisfy((e) => e instanceof ToolError && e.code === "blocked_url");
    expect(received.length).toBe(before);
  });

  it("the app's own origin is not a pass for its redirects: every hop is checked", async () => {
    const own = httpToolSchema.parse(tool("{{appUrl}}/to-loopback"));
    const hits = metadataHits;
    await expect(runHttpTool(own, {}, { appUrl: `http://${host}` })).rejects.toSatisfy((e) => e instanceof ToolError && e.code === "blocked_url" && e.message.includes("private or internal address"));
    expect(metadataHits).toBe(hits);
  });

  it("a tool whose URL names a user cannot be saved", async () => {
    const agent = await ws.caller.agents.create({ workspace: ws.workspace.slug, name: `Probe ${Date.now()}` });
    await expect(ws.caller.tools.save({ workspace: ws.workspace.slug, agent: agent.id, tool: tool("{{appUrl}}@127.0.0.1:3208/x") })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("cannot name a user"),
    });
    await expect(ws.caller.tools.save({ workspace: ws.workspace.slug, agent: agent.id, tool: tool("{{appUrl}}/orders/{id}") })).resolves.toMatchObject({ name: "probe" });
  });
});
