import { z } from "zod";
import { createJourneyInput, journeyIdInput, listJourneysInput, saveJourneyGraphInput, updateJourneyInput } from "@/lib/journey/inputs";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { getAgent } from "@/server/services/agents/agents";
import { createJourney } from "@/server/services/journeys/create-journey";
import { deleteJourney } from "@/server/services/journeys/delete-journey";
import { duplicateJourney } from "@/server/services/journeys/duplicate-journey";
import { getJourney } from "@/server/services/journeys/get-journey";
import { journeyDropOff } from "@/server/services/journeys/journey-drop-off";
import { listJourneys } from "@/server/services/journeys/list-journeys";
import { loadJourneyCatalog } from "@/server/services/journeys/load-catalog";
import { saveJourneyGraph } from "@/server/services/journeys/save-journey-graph";
import { updateJourney } from "@/server/services/journeys/update-journey";

export const journeysRouter = createTRPCRouter({
  list: requirePermission("agents:read").input(listJourneysInput).query(({ ctx, input }) => listJourneys(ctx, input)),
  get: requirePermission("agents:read").input(journeyIdInput).query(({ ctx, input }) => getJourney(ctx, input)),
  catalog: requirePermission("agents:read")
    .input(z.object({ agent: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) => loadJourneyCatalog(ctx, { agentId: (await getAgent(ctx, input.agent)).id })),
  dropOff: requirePermission("agents:read").input(journeyIdInput).query(({ ctx, input }) => journeyDropOff(ctx, input)),
  create: requirePermission("journeys:write").input(createJourneyInput).mutation(({ ctx, input }) => createJourney(ctx, input)),
  update: requirePermission("journeys:write").input(updateJourneyInput).mutation(({ ctx, input }) => updateJourney(ctx, input)),
  duplicate: requirePermission("journeys:write").input(journeyIdInput).mutation(({ ctx, input }) => duplicateJourney(ctx, input)),
  delete: requirePermission("journeys:write").input(journeyIdInput).mutation(({ ctx, input }) => deleteJourney(ctx, input)),
  save: requirePermission("journeys:write").input(saveJourneyGraphInput).mutation(({ ctx, input }) => saveJourneyGraph(ctx, input)),
});
