import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";

// Knowledge URL import goes through the guarded client: an internal address is refused, and a host that
// cannot be reached is a 400 naming the problem, never a 500 "fetch failed".

const { db } = await testDatabase();
let server: Server;
let host: string;
let hits = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { "content-type": "text/markdown" }).end("# Returns\n\nItems can be returned within 30 days.");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function setup(allowedHosts: string[]) {
  const ws = await makeWorkspace(db);
  const w = { workspace: ws.workspace.slug };
  await ws.caller.settings.save({ ...w, model: { kind: "local" }, allowedHosts });
  const kb = await ws.caller.knowledge.create({ ...w, name: "Help" });
  return (url: string) => ws.caller.knowledge.importUrl({ ...w, knowledgeBaseId: kb.id, url });
}

describe("knowledge URL import", () => {
  it("answers 400 naming the problem: unreachable host, DNS failure, internal address", async () => {
    const importUrl = await setup(["127.0.0.1:9"]);
    await expect(importUrl("http://127.0.0.1:9/help")).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Could not reach 127.0.0.1:9: ECONNREFUSED" });
    await expect(importUrl("http://nothing-here.invalid/help")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("The host nothing-here.invalid could not be resolved") });
    for (const url of [`http://${host}/help`, `http://[::127.0.0.1]:${host.split(":")[1]}/help`, `http://2130706433:${host.split(":")[1]}/help`]) {
      await expect(importUrl(url)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("private or internal address") });
    }
    expect(hits).toBe(0);
  });

  it("imports from a host the workspace allows", async () => {
    const importUrl = await setup([host]);
    await expect(importUrl(`http://${host}/returns`)).resolves.toMatchObject({ filename: "returns.md", status: "queued" });
    expect(hits).toBe(1);
  });
});
