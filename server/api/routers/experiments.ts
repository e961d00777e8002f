import { canaryGuardGetInput, canaryGuardInput, experimentInput, experimentsListInput } from "@/lib/schemas/experiments";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { getCanaryGuard, setCanaryGuard } from "@/server/services/experiments/canary-guard";
import { getExperiment } from "@/server/services/experiments/get-experiment";
import { listExperiments } from "@/server/services/experiments/list-experiments";

// Promoting and rolling back are the releases router's setLive / setCanary (releases:publish); the
// automatic roll back setting is set here, by the same people.
export const experimentsRouter = createTRPCRouter({
  list: requirePermission("conversations:read").input(experimentsListInput).query(({ ctx, input }) => listExperiments(ctx, input)),
  get: requirePermission("conversations:read").input(experimentInput).query(({ ctx, input }) => getExperiment(ctx, input)),
  guard: requirePermission("conversations:read").input(canaryGuardGetInput).query(({ ctx, input }) => getCanaryGuard(ctx, input)),
  setGuard: requirePermission("releases:publish").input(canaryGuardInput).mutation(({ ctx, input }) => setCanaryGuard(ctx, input)),
});
