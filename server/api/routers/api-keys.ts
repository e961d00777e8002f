import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { createApiKey, createApiKeyInput } from "@/server/services/api-keys/create-api-key";
import { listApiKeys } from "@/server/services/api-keys/list-api-keys";
import { revokeApiKey, revokeApiKeyInput } from "@/server/services/api-keys/revoke-api-key";

export const apiKeysRouter = createTRPCRouter({
  list: requirePermission("apikeys:manage").query(({ ctx }) => listApiKeys(ctx)),
  create: requirePermission("apikeys:manage").input(createApiKeyInput).mutation(({ ctx, input }) => createApiKey(ctx, input)),
  revoke: requirePermission("apikeys:manage").input(revokeApiKeyInput).mutation(({ ctx, input }) => revokeApiKey(ctx, input)),
});
