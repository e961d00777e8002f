import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships } from "@/db/schema";
import { seedRetailAgent } from "@/db/seed/retail-agent";
import { copyStore, seedStore } from "@/db/seed/store";
import { startStoreServer } from "@/server/agent/demo/local-store-server";
import { createAgent } from "@/server/services/agents/agents";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import type { WorkspaceCtx } from "@/server/services/context";
import { makeWorkspace, uniq } from "@/test/factories";
import { startApiServer } from "./node-server";

/**
 * For tests: a workspace with the demo retail agent over its own copy of the store, an API key, and the
 * hosted API served over HTTP (its tools reach the store through a second local server).
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
  const store = await startStoreServer(db);
  const api = await startApiServer({ db, appUrl: store.appUrl });
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
    storeUrl: store.appUrl,
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
      await store.close();
    },
  };
}
