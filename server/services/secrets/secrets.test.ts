import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { secrets } from "@/db/schema";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { secretResolver } from "./secrets";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { type OpenAIStub, startOpenAIStub } from "@/test/openai-stub-server";

// Secrets are write-only: whatever a studio procedure answers, the plaintext is not in it. Every
// secrets/tools/settings procedure is called below and its response serialized as the client gets it.

const TOKEN = "sk-test-Plaintext-4f9c2a71e0";
const MODEL_KEY = "sk-model-Plaintext-77aa01";

let db: Db;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
let echo: Server;
let echoHost: string;
let seenAuth: string | undefined;
let stub: OpenAIStub;
const responses: [string, unknown][] = [];

async function record<T>(label: string, p: Promise<T>): Promise<T> {
  const value = await p;
  responses.push([label, value]);
  return value;
}

beforeAll(async () => {
  db = (await testDatabase()).db;
  ws = await makeWorkspace(db);
  // A careless backend that echoes the request's headers back.
  echo = createServer((req, res) => {
    seenAuth = req.headers.authorization;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ ok: true, headers: req.headers }));
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoHost = `127.0.0.1:${(echo.address() as AddressInfo).port}`;
  stub = await startOpenAIStub(() => ({ content: "OK" }), { apiKey: MODEL_KEY });
});
afterAll(async () => {
  await new Promise<void>((resolve) => echo.close(() => resolve()));
  await stub?.close();
});

describe("secrets never leave the server", () => {
  it("every secrets/tools/settings response is free of the plaintext", async () => {
    const c = ws.caller;
    const w = { workspace: ws.workspace.slug };
    await record("secrets.set", c.secrets.set({ ...w, name: "STORE_TOKEN", value: TOKEN }));
    await record("secrets.set 2", c.secrets.set({ ...w, name: "MODEL_KEY", value: MODEL_KEY }));
    await record("secrets.set 3", c.secrets.set({ ...w, name: "OLD", value: TOKEN }));
    await record("secrets.delete", c.secrets.delete({ ...w, name: "OLD" }));
    const list = await record("secrets.list", c.secrets.list(w));
    expect(list.map((s) => s.name)).toEqual(["MODEL_KEY", "STORE_TOKEN"]);
    expect(Object.keys(list[0]!).sort()).toEqual(["createdAt", "name", "updatedAt"]);

    await record("settings.save", c.settings.save({ ...w, model: { kind: "llm", baseURL: stub.baseURL, apiKeySecret: "MODEL_KEY", chatModel: "gpt-test", embeddingModel: "emb-test" }, allowedHosts: [echoHost, new URL(stub.baseURL).host] }));
    await record("settings.get", c.settings.get(w));
    const check = await record("settings.testConnection", c.settings.testConnection(w));
    expect(check).toMatchObject({ ok: true, chat: { ok: true, text: "OK" }, embedding: { ok: true } });
    expect(stub.requests.at(-1)!.authorization).toBe(`Bearer ${MODEL_KEY}`);
    const bad = await record("settings.testConnection bad key", c.settings.testConnection({ ...w, model: { kind: "llm", baseURL: stub.baseURL, apiKeySecret: "STORE_TOKEN", chatModel: "gpt-test", embeddingModel: "emb-test" } }));
    expect(bad.ok).toBe(false);
    expect(bad.chat.error).toMatch(/Incorrect API key/);

    const agent = await c.agents.create({ ...w, name: "Secret agent" });
    const tool = {
      name: "echo_order",
      description: "Echo",
      method: "GET",
      url: `http://${echoHost}/orders/{order_id}`,
      headers: { Authorization: "Bearer {{secret.STORE_TOKEN}}" },
      args: { type: "object", properties: { order_id: { type: "string" } } },
      kind: "read",
    };
    await record("tools.save", c.tools.save({ ...w, agent: agent.id, tool }));
    await record("tools.save update", c.tools.save({ ...w, agent: agent.id, name: "echo_order", tool: { ...tool, description: "Echo it" } }));
    await record("tools.list", c.tools.list({ ...w, agent: agent.id }));
    const tested = await record("tools.test", c.tools.test({ ...w, tool, args: { order_id: "A1" } }));
    expect(seenAuth).toBe(`Bearer ${TOKEN}`); // the backend got the real value…
    expect(tested).toMatchObject({ ok: true, result: { headers: { authorization: "Bearer [secret]" } } }); // …the studio did not
    const spec = await record("tools.parseOpenApi", c.tools.parseOpenApi({ ...w, spec: `openapi: 3.0.0\nservers: [{url: "http://${echoHost}"}]\npaths:\n  /x:\n    get: {operationId: getX}\n` }));
    await record("tools.import", c.tools.import({ ...w, agent: agent.id, tools: spec.operations.map((o) => ({ ...o.tool, headers: { "x-key": "{{secret.STORE_TOKEN}}" } })) }));
    await record("tools.delete", c.tools.delete({ ...w, agent: agent.id, name: "get_x" }));
    await record("settings.guardrails", c.settings.guardrails({ ...w, agent: agent.id }));
    await record("audit.list", c.audit.list({ ...w }));

    for (const [label, value] of responses) {
      for (const text of [superjson.stringify(value), JSON.stringify(value ?? null)]) {
        expect(text, label).not.toContain(TOKEN);
        expect(text, label).not.toContain(MODEL_KEY);
      }
    }
    const rows = await db.select().from(secrets).where(eq(secrets.workspaceId, ws.workspace.id));
    for (const row of rows) expect(row.ciphertext).not.toMatch(/Plaintext/);
  });

  it("buildTurnContext uses the workspace's provider with the key from the secret", async () => {
    const turnCtx = await buildTurnContext(db, { workspaceId: ws.workspace.id, appUrl: "http://unused" });
    expect(turnCtx.models.kind).toBe("llm");
    expect(turnCtx.languageModel).toBeDefined();
    expect(turnCtx.allowHosts).toContain(echoHost);
    expect(await turnCtx.resolveSecret!("STORE_TOKEN")).toBe(TOKEN);
    const [vector] = await turnCtx.models.embed(["hello"]);
    expect(vector!.length).toBeGreaterThan(0);
    expect(stub.requests.at(-1)).toMatchObject({ path: "/v1/embeddings", authorization: `Bearer ${MODEL_KEY}` });
  });

  it("a provider whose key secret does not exist cannot be saved", async () => {
    await expect(
      ws.caller.settings.save({ workspace: ws.workspace.slug, model: { kind: "llm", baseURL: stub.baseURL, apiKeySecret: "NOPE", chatModel: "a", embeddingModel: "b" }, allowedHosts: [new URL(stub.baseURL).host] }),
    ).rejects.toThrow(/no secret named NOPE/);
  });

  it("only owners and admins manage secrets and settings", async () => {
    const builder = (await addMember(db, ws.workspace.id, "builder")).caller;
    const w = { workspace: ws.workspace.slug };
    await expect(builder.secrets.list(w)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(builder.secrets.set({ ...w, name: "X", value: "y" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(builder.settings.save({ ...w, model: { kind: "local" }, allowedHosts: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = (await addMember(db, ws.workspace.id, "admin")).caller;
    expect((await admin.secrets.list(w)).length).toBe(2);
  });
});

describe("the runtime's secret resolver", () => {
  it("sees a secret set, rotated or deleted at once, though values are cached between turns", async () => {
    const { workspace, caller } = await makeWorkspace(db);
    const w = { workspace: workspace.slug };
    await caller.secrets.set({ ...w, name: "ROTATED", value: "first-value" });
    expect(await secretResolver(db, workspace.id)("ROTATED")).toBe("first-value");
    await caller.secrets.set({ ...w, name: "ROTATED", value: "second-value" });
    expect(await secretResolver(db, workspace.id)("ROTATED")).toBe("second-value");
    await caller.secrets.delete({ ...w, name: "ROTATED" });
    expect(await secretResolver(db, workspace.id)("ROTATED")).toBeUndefined();
  });
});
