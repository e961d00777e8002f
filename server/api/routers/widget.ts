import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { createWidgetKey, createWidgetKeyInput, deleteWidgetKey, listWidgetKeys, updateWidgetKey, updateWidgetKeyInput } from "@/server/services/widget/widget-keys";

export const widgetRouter = createTRPCRouter({
  list: requirePermission("agents:read")
    .input(z.object({ agentId: z.uuid("Unknown agent id") }))
    .query(({ ctx, input }) => listWidgetKeys(ctx, input)),
  create: requirePermission("widget:manage").input(createWidgetKeyInput).mutation(({ ctx, input }) => createWidgetKey(ctx, input)),
  update: requirePermission("widget:manage").input(updateWidgetKeyInput).mutation(({ ctx, input }) => updateWidgetKey(ctx, input)),
  delete: requirePermission("widget:manage")
    .input(z.object({ widgetKeyId: z.uuid("Unknown widget") }))
    .mutation(({ ctx, input }) => deleteWidgetKey(ctx, input)),
});
