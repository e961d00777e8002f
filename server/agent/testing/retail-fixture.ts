import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { storeOrders, storeUsers } from "@/db/schema";
import { seedRetailAgent } from "@/db/seed/retail-agent";
import { copyStore, seedStore } from "@/db/seed/store";
import { createAgent } from "@/server/services/agents/agents";
import { secretResolver } from "@/server/services/secrets/secrets";
import type { StoreOrder, StoreUser } from "@/server/services/store/types";
import { makeWorkspace, uniq } from "@/test/factories";
import { startStoreServer, type StoreServer } from "@/test/store-server";
import { createConversation } from "../create-conversation";
import { localModels } from "../models";
import { runTurn } from "../run-turn";
import type { TurnCtx, TurnResult } from "../types";

/** A workspace with the demo retail agent over a fresh copy of the store, served over HTTP. */
export async function retailFixture(db: Db, opts: { template: string; ctx?: Partial<TurnCtx> }) {
  const { owner, workspace, caller } = await makeWorkspace(db);
  const agent = await createAgent(
    { db, userId: owner.id, workspace, role: "owner" },
    { name: "Retail support", persona: { agentName: "Sam", tone: "professional", greeting: "Hi, I'm Sam. How can I help?" } },
  );
  await seedStore(db, opts.template);
  const storeId = `t-${uniq()}`;
  await copyStore(db, opts.template, storeId);
  await seedRetailAgent(db, { workspaceId: workspace.id, agentId: agent.id, storeId });
  const store: StoreServer = await startStoreServer(db);
  const ctx: TurnCtx = { db, models: localModels, appUrl: store.appUrl, resolveSecret: secretResolver(db, workspace.id), ...opts.ctx };

  return {
    ctx,
    caller,
    workspace,
    agent,
    storeId,
    store,
    async open(): Promise<string> {
      return (await createConversation(ctx, { workspaceId: workspace.id, agentId: agent.id, channel: "playground" })).id;
    },
    send(conversationId: string, text: string, idempotencyKey?: string): Promise<TurnResult> {
      return runTurn(ctx, { conversationId, text, idempotencyKey });
    },
    async order(orderId: string): Promise<StoreOrder> {
      const [row] = await db.select().from(storeOrders).where(and(eq(storeOrders.storeId, storeId), eq(storeOrders.id, orderId)));
      return row!.data as unknown as StoreOrder;
    },
    async user(userId: string): Promise<StoreUser> {
      const [row] = await db.select().from(storeUsers).where(and(eq(storeUsers.storeId, storeId), eq(storeUsers.id, userId)));
      return row!.data as unknown as StoreUser;
    },
  };
}
