import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { listAudit } from "@/server/services/audit/list-audit";

export const auditRouter = createTRPCRouter({
  list: requirePermission("audit:read")
    .input(z.object({ before: z.date().optional(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => listAudit(ctx, input)),
});
