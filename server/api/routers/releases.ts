import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { checkPublish } from "@/server/services/releases/check-publish";
import { diffReleases, diffReleasesInput } from "@/server/services/releases/diff-releases";
import { listReleases } from "@/server/services/releases/list-releases";
import { publishRelease, publishReleaseInput } from "@/server/services/releases/publish-release";
import { restoreRelease, restoreReleaseInput } from "@/server/services/releases/restore-release";
import { setCanary, setCanaryInput } from "@/server/services/releases/set-canary";
import { setLiveRelease, setLiveReleaseInput } from "@/server/services/releases/set-live-release";
import { getWebhook, removeWebhook, setWebhook, setWebhookInput } from "@/server/services/webhooks/configure-webhook";
import { listDeliveries } from "@/server/services/webhooks/list-deliveries";

const agentInput = z.object({ agentId: z.uuid("Unknown agent id") });

export const releasesRouter = createTRPCRouter({
  list: requirePermission("agents:read").input(agentInput).query(({ ctx, input }) => listReleases(ctx, input)),
  diff: requirePermission("agents:read").input(diffReleasesInput).query(({ ctx, input }) => diffReleases(ctx, input)),
  check: requirePermission("agents:read").input(agentInput).query(({ ctx, input }) => checkPublish(ctx, input)),
  publish: requirePermission("releases:publish").input(publishReleaseInput).mutation(({ ctx, input }) => publishRelease(ctx, input)),
  setLive: requirePermission("releases:publish").input(setLiveReleaseInput).mutation(({ ctx, input }) => setLiveRelease(ctx, input)),
  setCanary: requirePermission("releases:publish").input(setCanaryInput).mutation(({ ctx, input }) => setCanary(ctx, input)),
  // Overwrites the draft: an author's act, like editing it.
  restore: requirePermission("agents:write").input(restoreReleaseInput).mutation(({ ctx, input }) => restoreRelease(ctx, input)),
  webhook: requirePermission("agents:read").input(agentInput).query(({ ctx, input }) => getWebhook(ctx, input)),
  setWebhook: requirePermission("releases:publish").input(setWebhookInput).mutation(({ ctx, input }) => setWebhook(ctx, input)),
  removeWebhook: requirePermission("releases:publish").input(agentInput).mutation(({ ctx, input }) => removeWebhook(ctx, input)),
  deliveries: requirePermission("agents:read").input(agentInput).query(({ ctx, input }) => listDeliveries(ctx, input)),
});
