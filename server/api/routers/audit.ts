import { listAuditInput } from "@/lib/schemas/audit";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { listAudit } from "@/server/services/audit/list-audit";
import { listAuditFacets } from "@/server/services/audit/list-audit-facets";

export const auditRouter = createTRPCRouter({
  list: requirePermission("audit:read")
    .input(listAuditInput)
    .query(({ ctx, input }) => listAudit(ctx, input)),
  facets: requirePermission("audit:read").query(({ ctx }) => listAuditFacets(ctx)),
});
