import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { stores } from "@/db/schema";
import { copyStore, deleteStore } from "@/db/seed/store";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import type { TurnCtx } from "@/server/agent/types";
import { hashStoreCredential, newStoreCredential, storeCredentialSecret } from "@/server/services/store/credential";
import { forgetStoreVerifier } from "@/server/services/store/verify-store-credential";

export interface SandboxStore {
  storeId: string;
  /** The agent's config, its store tools and gate pointed at the sandbox. */
  config: (config: AgentConfig) => AgentConfig;
  /** A turn context whose store key is the sandbox's (the workspace's own key stays as it is). */
  ctx: (ctx: TurnCtx) => TurnCtx;
  close: () => Promise<void>;
}

/**
 * A throwaway copy of a demo store with a key of its own, served by the same store API: simulated
 * customers change its orders, never the store the workspace's people and tests work with.
 */
export async function openSandboxStore(db: Db, input: { workspaceId: string; storeId: string; /** Default `sim`; cases running side by side each name their own. */ name?: string }): Promise<SandboxStore> {
  const sandbox = `${input.storeId}.${input.name ?? "sim"}`;
  const key = newStoreCredential();
  await deleteStore(db, sandbox);
  await copyStore(db, input.storeId, sandbox);
  await db
    .insert(stores)
    .values({ id: sandbox, workspaceId: input.workspaceId, credentialHash: hashStoreCredential(key).toString("hex") })
    .onConflictDoUpdate({ target: stores.id, set: { credentialHash: hashStoreCredential(key).toString("hex"), updatedAt: new Date() } });
  forgetStoreVerifier(sandbox);
  const from = `/api/store/${encodeURIComponent(input.storeId)}/`;
  const to = `/api/store/${encodeURIComponent(sandbox)}/`;
  return {
    storeId: sandbox,
    config: (config) => ({ ...config, storeId: sandbox, tools: Object.fromEntries(Object.entries(config.tools).map(([name, tool]) => [name, { ...tool, url: tool.url.replace(from, to) }])) }),
    ctx: (ctx) => ({ ...ctx, resolveSecret: async (name) => (name === storeCredentialSecret ? key : ctx.resolveSecret?.(name)) }),
    close: async () => {
      await deleteStore(db, sandbox);
      await db.delete(stores).where(eq(stores.id, sandbox));
      forgetStoreVerifier(sandbox);
    },
  };
}
