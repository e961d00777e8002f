import { agentMetricsInput } from "@/lib/schemas/insights";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { agentMetrics } from "@/server/services/insights/agent-metrics";

export const insightsRouter = createTRPCRouter({
  // Whoever reads an agent's conversations reads the numbers about them.
  agentMetrics: requirePermission("conversations:read").input(agentMetricsInput).query(({ ctx, input }) => agentMetrics(ctx, input)),
});
