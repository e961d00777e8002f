import { and, eq } from "drizzle-orm";
import { type Db, postgresPoolsOf } from "@/db/client";
import { memberships } from "@/db/schema";
import { seedRetailAgent } from "@/db/seed/retail-agent";
import { copyStore, seedStore } from "@/db/seed/store";
import { startStoreServer } from "@/server/agent/demo/local-store-server";
import { createAgent } from "@/server/services/agents/agents";
import { startServeServer } from "@/server/serve/serve-server";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import type { WorkspaceCtx } from "@/server/services/context";
import { makeWorkspace, uniq } from "@/test/factories";
import { startServeProcess } from "@/test/serve-process";
import { startApiServer } from "./node-server";

/** Which server the hosted-API tests talk to: vitest.config.ts runs them once per value. */
export const hostedApiServerKind = process.env.HOSTED_API_SERVER === "serve" ? "serve" : "handler";

/**
 * The hosted API over HTTP for `db`, and the store API its tools call. "handler": `handleHostedApi` on a
 * test server, the store on a second one. "serve": `switchback serve`, which serves both itself — on
 * Postgres the real command in a process of its own, on PGlite (one process per database) its server
 * in this process.
 */
export async function startHostedApi(db: Db): Promise<{ url: string; storeUrl: string; close(): Promise<unknown> }> {
  if (hostedApiServerKind === "handler") {
    const store = await startStoreServer(db);
    const api = await startApiServer({ db, appUrl: store.appUrl });
    return { url: api.url, storeUrl: store.appUrl, close: () => api.close().then(store.close) };
  }
  if (postgresPoolsOf(db)) {
    const serve = await startServeProcess({ env: { DATABASE_URL: process.env.DATABASE_URL! } });
    return { url: serve.url, storeUrl: serve.url, close: () => serve.stop() };
  }
  const serve = await startServeServer({ database: { db, kind: "pglite" } });
  return { url: serve.url, storeUrl: serve.url, close: () => serve.close() };
}

/**
 * For tests: a workspace with the demo retail agent over its own copy of the store, an API key, and the
 * hosted API served over HTTP (startHostedApi).
 */
export async function hostedApiFixture(db: Db, opts: { template: string }) {
  const { owner, workspace, caller } = await makeWorkspace(db);
  const [member] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.workspaceId, workspace.id), eq(memberships.userId, owner.id)));
  const ctx: WorkspaceCtx = { db, userId: owner.id, workspace, role: member!.role as WorkspaceCtx["role"] };
  const agent = await createAgent(ctx, { name: "Retail support", persona: { agentName: "Sam", tone: "friendly", greeting: "Hi, I'm Sam. How can I help?" } });
  await seedStore(db, opts.template);
  const storeId = `t-${uniq()}`;
  await copyStore(db, opts.template, storeId);
  await seedRetailAgent(db, { workspaceId: workspace.id, agentId: agent.id, storeId });
  const api = await startHostedApi(db);
  const { key } = await createApiKey(ctx, { name: "tests" });
  return {
    ctx,
    caller,
    owner,
    workspace,
    agent,
    storeId,
    key,
    /** The store API the agent's tools call (the brand's backend), for other instances of the API. */
    storeUrl: api.storeUrl,
    baseUrl: `${api.url}/api/v1`,
    /** fetch against the API with the key (override headers to test auth). */
    call(path: string, init: RequestInit & { json?: unknown } = {}) {
      const { json, ...rest } = init;
      return fetch(`${api.url}/api/v1${path}`, {
        method: json === undefined ? (rest.method ?? "GET") : (rest.method ?? "POST"),
        ...rest,
        headers: { authorization: `Bearer ${key}`, ...(json === undefined ? {} : { "content-type": "application/json" }), ...(rest.headers as Record<string, string>) },
        body: json === undefined ? rest.body : JSON.stringify(json),
      });
    },
    async close() {
      await api.close();
    },
  };
}
