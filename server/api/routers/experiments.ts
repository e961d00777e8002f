import { experimentInput, experimentsListInput } from "@/lib/schemas/experiments";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { getExperiment } from "@/server/services/experiments/get-experiment";
import { listExperiments } from "@/server/services/experiments/list-experiments";

// Read-only: promoting and rolling back are the releases router's setLive / setCanary (releases:publish).
export const experimentsRouter = createTRPCRouter({
  list: requirePermission("conversations:read").input(experimentsListInput).query(({ ctx, input }) => listExperiments(ctx, input)),
  get: requirePermission("conversations:read").input(experimentInput).query(({ ctx, input }) => getExperiment(ctx, input)),
});
