import { z } from "zod";
import { journeyGraphSchema, journeyTriggerSchema } from "@/lib/schemas/journey";

// Inputs of the journeys API (server/api/routers/journeys.ts), with messages a builder can act on.

export const journeyNameSchema = z.string().trim().min(1, "Name the journey").max(80, "Keep the name under 80 characters");
const journeyId = z.uuid("Unknown journey id");

export const journeyIdInput = z.object({ journeyId });
export const listJourneysInput = z.object({ agent: z.string().min(1).max(64) });

export const createJourneyInput = z.object({
  agent: z.string().min(1).max(64),
  name: journeyNameSchema,
  trigger: journeyTriggerSchema.optional(),
  /** An imported graph; a trigger node alone when absent. */
  graph: journeyGraphSchema.optional(),
});

export const updateJourneyInput = z.object({
  journeyId,
  name: journeyNameSchema.optional(),
  enabled: z.boolean().optional(),
  trigger: z
    .object({ description: z.string().trim().max(500), examples: z.array(z.string().trim().min(1).max(300)).max(50, "Up to 50 examples") })
    .optional(),
});

export const saveJourneyGraphInput = z.object({
  journeyId,
  /** The revision the editor started from: a save on top of someone else's newer one is a CONFLICT. */
  revision: z.number().int().min(1),
  graph: journeyGraphSchema,
});
