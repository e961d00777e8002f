import { alertIdInput, checkAlertsInput, listAlertsInput } from "@/lib/schemas/alerts";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { acknowledgeAlert } from "@/server/services/alerts/acknowledge-alert";
import { checkAgentAnomalies } from "@/server/services/alerts/check-anomalies";
import { getAlert } from "@/server/services/alerts/get-alert";
import { listAlerts } from "@/server/services/alerts/list-alerts";

export const alertsRouter = createTRPCRouter({
  list: requirePermission("conversations:read").input(listAlertsInput).query(({ ctx, input }) => listAlerts(ctx, input)),
  get: requirePermission("conversations:read").input(alertIdInput).query(({ ctx, input }) => getAlert(ctx, input)),
  checkNow: requirePermission("insights:manage").input(checkAlertsInput).mutation(({ ctx, input }) => checkAgentAnomalies(ctx, input)),
  acknowledge: requirePermission("insights:manage").input(alertIdInput).mutation(({ ctx, input }) => acknowledgeAlert(ctx, input)),
});
