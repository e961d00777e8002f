import { listTopicsInput, recomputeTopicsInput } from "@/lib/schemas/topics";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { listTopics } from "@/server/services/topics/list-topics";
import { recomputeAgentTopics } from "@/server/services/topics/recompute-topics";

export const topicsRouter = createTRPCRouter({
  // Whoever reads an agent's conversations reads what they were about.
  list: requirePermission("conversations:read").input(listTopicsInput).query(({ ctx, input }) => listTopics(ctx, input)),
  recompute: requirePermission("insights:manage").input(recomputeTopicsInput).mutation(({ ctx, input }) => recomputeAgentTopics(ctx, input)),
});
