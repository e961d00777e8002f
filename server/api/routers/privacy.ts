import { z } from "zod";
import { forgetCustomerInput, savePrivacySettingsInput } from "@/lib/schemas/privacy";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import type { WorkspaceCtx } from "@/server/services/context";
import { exportCustomer } from "@/server/services/privacy/export-customer";
import type { PrivacyCtx } from "@/server/services/privacy/find-customer";
import { confirmAndForget, forgetPreview } from "@/server/services/privacy/forget-customer";
import { getPrivacySettings, savePrivacySettings } from "@/server/services/privacy/privacy-settings";

const privacyCtx = (ctx: WorkspaceCtx): PrivacyCtx => ({ db: ctx.db, workspaceId: ctx.workspace.id, actorId: ctx.userId });
const customerInput = z.object({ customerId: z.uuid("customerId is the customer's id in Switchback (a UUID)") });

export const privacyRouter = createTRPCRouter({
  /** Retention and redaction (Settings › Privacy). */
  settings: requirePermission("workspace:read").query(({ ctx }) => getPrivacySettings(ctx)),
  saveSettings: requirePermission("privacy:manage").input(savePrivacySettingsInput).mutation(({ ctx, input }) => savePrivacySettings(ctx, input)),
  /** What forgetting the customer would erase, for the confirmation. */
  forgetPreview: requirePermission("privacy:manage").input(customerInput).query(({ ctx, input }) => forgetPreview(privacyCtx(ctx), input)),
  /** Erases the customer (the typed confirmation is their external id). */
  forgetCustomer: requirePermission("privacy:manage").input(forgetCustomerInput).mutation(({ ctx, input }) => confirmAndForget(privacyCtx(ctx), input)),
  /** Everything about the customer as one JSON document (audited). */
  exportCustomer: requirePermission("privacy:manage").input(customerInput).mutation(({ ctx, input }) => exportCustomer(privacyCtx(ctx), input)),
});
