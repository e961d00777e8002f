import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { customerIdInput, deleteMemoryInput, listCustomersInput, saveMemorySettingsInput, updateMemoryInput } from "@/lib/schemas/customers";
import { deleteMemory, updateMemory } from "@/server/services/customers/edit-memory";
import { getCustomer } from "@/server/services/customers/get-customer";
import { getIdentitySecretStatus, rotateIdentitySecret } from "@/server/services/customers/identity-secret";
import { listCustomers } from "@/server/services/customers/list-customers";
import { getMemorySettings, saveMemorySettings } from "@/server/services/customers/memory-settings";

export const customersRouter = createTRPCRouter({
  list: requirePermission("customers:read").input(listCustomersInput).query(({ ctx, input }) => listCustomers(ctx, input)),
  get: requirePermission("customers:read").input(customerIdInput).query(({ ctx, input }) => getCustomer(ctx, input)),
  updateMemory: requirePermission("customers:manage").input(updateMemoryInput).mutation(({ ctx, input }) => updateMemory(ctx, input)),
  deleteMemory: requirePermission("customers:manage").input(deleteMemoryInput).mutation(({ ctx, input }) => deleteMemory(ctx, input)),
  memorySettings: requirePermission("customers:read").query(({ ctx }) => getMemorySettings(ctx)),
  saveMemorySettings: requirePermission("customers:manage").input(saveMemorySettingsInput).mutation(({ ctx, input }) => saveMemorySettings(ctx, input)),
  identitySecret: requirePermission("customers:manage").query(({ ctx }) => getIdentitySecretStatus(ctx)),
  rotateIdentitySecret: requirePermission("customers:manage").mutation(({ ctx }) => rotateIdentitySecret(ctx)),
});
