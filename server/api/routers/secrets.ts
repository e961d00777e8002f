import { setSecretInput } from "@/lib/schemas/workspace-settings";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { deleteSecret, listSecrets, setSecret } from "@/server/services/secrets/secrets";
import { z } from "zod";

// Names and times only: no procedure here (or anywhere) returns a secret's value.
export const secretsRouter = createTRPCRouter({
  list: requirePermission("secrets:manage").query(({ ctx }) => listSecrets(ctx)),
  set: requirePermission("secrets:manage").input(setSecretInput).mutation(({ ctx, input }) => setSecret(ctx, input)),
  delete: requirePermission("secrets:manage")
    .input(z.object({ name: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => deleteSecret(ctx, input)),
});
