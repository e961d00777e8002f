import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpToolSchema } from "@/lib/schemas/tool";
import { runHttpTool, ToolError } from "./http-tool";

// The app's own API ({{appUrl}}) is called over node:http with kept-alive connections: answers, errors,
// timeouts, retries and connection reuse as a tool sees them.

let server: Server;
let appUrl: string;
const hits = new Map<string, number>();
const sockets = new Set<unknown>();

beforeAll(async () => {
  server = createServer((req, res) => {
    sockets.add(req.socket);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === "/slow") return; // never answers
    if (path === "/flaky") return void res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "busy", message: "Try later" } }));
    if (path === "/text") return void res.end("plain words");
    let body = "";
    req.on("data", (part: Buffer) => (body += part.toString()));
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ method: req.method, path: req.url, body: body ? JSON.parse(body) : null })));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const tool = (fields: Record<string, unknown>) => httpToolSchema.parse({ name: "t", description: "A tool", method: "GET", kind: "read", ...fields });

describe("HTTP tools on the app's own API", () => {
  it("sends query and body arguments and parses the JSON answer, reusing one connection", async () => {
    sockets.clear();
    const read = tool({ url: "{{appUrl}}/orders/{id}" });
    expect(await runHttpTool(read, { id: "#W1", verbose: true }, { appUrl })).toEqual({ method: "GET", path: "/orders/%23W1?verbose=true", body: null });
    const write = tool({ url: "{{appUrl}}/orders/{id}/cancel", method: "POST", kind: "write" });
    expect(await runHttpTool(write, { id: "W2", reason: "ordered by mistake" }, { appUrl })).toEqual({ method: "POST", path: "/orders/W2/cancel", body: { reason: "ordered by mistake" } });
    expect(sockets.size).toBe(1);
  });

  it("passes a non-JSON answer on as text", async () => {
    expect(await runHttpTool(tool({ url: "{{appUrl}}/text" }), {}, { appUrl })).toBe("plain words");
  });

  it("retries a read on a 5xx and reports the backend's error; a write is sent once", async () => {
    const read = tool({ url: "{{appUrl}}/flaky", retries: 2 });
    await expect(runHttpTool(read, {}, { appUrl })).rejects.toSatisfy((e) => e instanceof ToolError && e.status === 503 && e.code === "busy" && e.message === "Try later");
    expect(hits.get("/flaky")).toBe(3);
    const write = tool({ url: "{{appUrl}}/flaky", method: "POST", kind: "write" });
    await expect(runHttpTool(write, {}, { appUrl })).rejects.toBeInstanceOf(ToolError);
    expect(hits.get("/flaky")).toBe(4);
  });

  it("gives up after the tool's timeout, and an unreachable backend is a network error", async () => {
    const slow = tool({ url: "{{appUrl}}/slow", timeoutMs: 200, retries: 0 });
    await expect(runHttpTool(slow, {}, { appUrl })).rejects.toSatisfy((e) => e instanceof ToolError && e.code === "timeout" && e.message === "No answer within 200 ms");
    const nowhere = tool({ url: "{{appUrl}}/x", retries: 0 });
    await expect(runHttpTool(nowhere, {}, { appUrl: "http://127.0.0.1:9" })).rejects.toSatisfy((e) => e instanceof ToolError && e.code === "network");
  });
});
