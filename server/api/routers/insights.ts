import { agentMetricsInput, journeyFunnelInput, outcomeReportInput } from "@/lib/schemas/insights";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { agentMetrics } from "@/server/services/insights/agent-metrics";
import { journeyFunnel } from "@/server/services/insights/journey-funnel";
import { outcomeReport } from "@/server/services/insights/outcome-report";

export const insightsRouter = createTRPCRouter({
  // Whoever reads an agent's conversations reads the numbers about them.
  agentMetrics: requirePermission("conversations:read").input(agentMetricsInput).query(({ ctx, input }) => agentMetrics(ctx, input)),
  journeyFunnel: requirePermission("conversations:read").input(journeyFunnelInput).query(({ ctx, input }) => journeyFunnel(ctx, input)),
  outcomeReport: requirePermission("conversations:read").input(outcomeReportInput).query(({ ctx, input }) => outcomeReport(ctx, input)),
});
