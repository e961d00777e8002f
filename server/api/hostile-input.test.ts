import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { count, eq } from "drizzle-orm";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { agents, users } from "@/db/schema";
import { JSON_BODY_LIMIT } from "@/server/http/read-body";
import { testDatabase } from "@/test/db";
import { makeWorkspace, uniq } from "@/test/factories";
import { streamedPost } from "@/test/streams";
import { handleTrpcRequest } from "./handle-trpc-request";
import { createTRPCRouter, INTERNAL_ERROR_MESSAGE, publicProcedure } from "./trpc";

// Hostile input to the studio's tRPC API (issue 14, items 7 and 10): NUL and lone surrogates are refused
// at the boundary with a clear BAD_REQUEST, an unexpected error never shows its SQL or stack, and a
// body past the limit is a 413 before it is all read.

const { db } = await testDatabase();
const NUL = "\u0000";

/** A tRPC mutation over HTTP, as the browser sends it. */
function post(path: string, input: unknown, user: { id: string; email: string; name: string } | null) {
  const request = new Request(`http://studio.test/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(superjson.serialize(input)) });
  return handleTrpcRequest(request, async () => ({ db, user }));
}

describe("text Postgres cannot store is refused at the boundary", () => {
  it.each([
    ["an agent", (ws: string, bad: string) => ({ path: "agents.create", input: { workspace: ws, name: `Agent${bad}` } })],
    ["a journey", (ws: string, bad: string) => ({ path: "journeys.create", input: { workspace: ws, agent: "AGENT", name: `Journey${bad}` } })],
    ["a knowledge base", (ws: string, bad: string) => ({ path: "knowledge.create", input: { workspace: ws, name: `Docs${bad}` } })],
    ["a workspace", (_ws: string, bad: string) => ({ path: "workspaces.create", input: { name: `Acme${bad}` } })],
  ])("a NUL or a lone surrogate in the name of %s is a 400 naming the field, with no SQL", async (_what, build) => {
    const { owner, workspace, caller } = await makeWorkspace(db);
    const agent = await caller.agents.create({ workspace: workspace.slug, name: "Existing" });
    for (const bad of [NUL, "\ud800", "\udfff"]) {
      const { path, input } = build(workspace.slug, bad);
      const res = await post(path, JSON.parse(JSON.stringify(input).replace("AGENT", agent.slug)), owner);
      const text = await res.text();
      expect(res.status, `${path} ${JSON.stringify(bad)}`).toBe(400);
      expect(text).toMatch(/NUL character|lone UTF-16 surrogate/);
      expect(text).toMatch(/ in name/);
      expect(text).not.toMatch(/insert into|select |params:|\bat \w+ \(/i);
    }
    const [row] = await db.select({ n: count() }).from(agents).where(eq(agents.workspaceId, workspace.id));
    expect(row!.n).toBe(1);
  });

  it("a NUL in any search field is a BAD_REQUEST, not a database error", async () => {
    const { workspace, caller } = await makeWorkspace(db);
    const agent = await caller.agents.create({ workspace: workspace.slug, name: "Searcher" });
    const kb = await caller.knowledge.create({ workspace: workspace.slug, name: "Docs" });
    const searches = [
      () => caller.conversations.list({ workspace: workspace.slug, agentId: agent.id, search: `refund${NUL}` }),
      () => caller.knowledge.search({ workspace: workspace.slug, query: `returns${NUL}`, knowledgeBaseIds: [kb.id] }),
      () => caller.knowledge.chunks({ workspace: workspace.slug, documentId: "8d6f9c0e-0000-4000-8000-000000000000", search: `x${NUL}` }),
      () => caller.playground.storeUsers({ workspace: workspace.slug, agentId: agent.id, query: `yara${NUL}` }),
      () => caller.agents.list({ workspace: `${workspace.slug}${NUL}` }),
    ];
    for (const search of searches) await expect(search()).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^Remove the NUL character/) });
  });

  it("JSON nested 5,000 deep is refused", async () => {
    const { owner, workspace } = await makeWorkspace(db);
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const body = `{"json":{"workspace":"${workspace.slug}","name":"Deep","extra":${deep}}}`;
    const request = new Request("http://studio.test/api/trpc/agents.create", { method: "POST", headers: { "content-type": "application/json" }, body });
    const res = await handleTrpcRequest(request, async () => ({ db, user: owner }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/nested more than 64 levels/);
  });
});

describe("an unexpected error's message stays on the server", () => {
  it("a 500 carries a generic message and no stack, even outside production", async () => {
    // Throws what a failed drizzle query throws: the SQL and its parameters in the message.
    const router = createTRPCRouter({
      boom: publicProcedure.mutation(() => {
        throw new Error('Failed query: insert into "agents" ("name") values ($1)\nparams: secret-value');
      }),
    });
    const errors: unknown[] = [];
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://studio.test/api/trpc/boom", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
      router,
      createContext: async () => ({ db, user: null }),
      onError: ({ error }) => void errors.push(error),
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain(INTERNAL_ERROR_MESSAGE);
    expect(text).not.toMatch(/insert into|secret-value|stack/i);
    expect(errors).toHaveLength(1);
  });
});

describe("body limit", () => {
  it("an anonymous 50 MB chunked signUp is a 413 after about 1 MB, without reading the rest", async () => {
    const { request, stats } = streamedPost("http://studio.test/api/trpc/account.signUp", 50 * 1024 * 1024, { "content-type": "application/json" });
    const res = await handleTrpcRequest(request, async () => ({ db, user: null }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: "payload_too_large", message: "Request bodies here are limited to 1 MB: send less" } });
    expect(stats.pulled).toBeLessThanOrEqual(JSON_BODY_LIMIT + 2 * 64 * 1024);
    expect(stats.cancelled).toBe(true);
  });

  it("a declared content-length over the limit is refused before reading anything", async () => {
    const { request, stats } = streamedPost("http://studio.test/api/trpc/account.signUp", 50 * 1024 * 1024, { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) });
    expect((await handleTrpcRequest(request, async () => ({ db, user: null }))).status).toBe(413);
    expect(stats.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it("a body within the limit still works", async () => {
    const email = `limit-${uniq()}@example.test`;
    const res = await post("account.signUp", { name: "Within", email, password: "a long enough secret" }, null);
    expect(res.status).toBe(200);
    expect(await db.query.users.findFirst({ where: eq(users.email, email) })).toBeDefined();
  });
});
