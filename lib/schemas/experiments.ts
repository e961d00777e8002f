import { z } from "zod";
import { daySchema, dayNumber, MAX_RANGE_DAYS, timeZoneSchema } from "./insights";

/**
 * An experiment: a canary release against another (live, by default) over a window. Without `canary`, the
 * agent's running canary; without `from`/`to`, the days the canary ran (from the release log).
 */
export const experimentInput = z
  .object({
    agentId: z.uuid("Unknown agent id"),
    canary: z.number().int().min(1, "Release numbers start at 1").optional(),
    control: z.number().int().min(1, "Release numbers start at 1").optional(),
    from: daySchema.optional(),
    to: daySchema.optional(),
    timeZone: timeZoneSchema,
  })
  .refine((q) => !q.from === !q.to, { message: "Give both a “from” and a “to” day, or neither (the days the canary ran)", path: ["to"] })
  .refine((q) => !q.from || !q.to || dayNumber(q.to) >= dayNumber(q.from), { message: "The range ends before it starts: pick a “to” day on or after the “from” day", path: ["to"] })
  .refine((q) => !q.from || !q.to || dayNumber(q.to) - dayNumber(q.from) + 1 <= MAX_RANGE_DAYS, { message: "Pick a range of two years or less", path: ["to"] })
  .refine((q) => q.canary === undefined || q.control === undefined || q.canary !== q.control, { message: "Compare two different releases", path: ["control"] });
export type ExperimentInput = z.input<typeof experimentInput>;

export const experimentsListInput = z.object({ agentId: z.uuid("Unknown agent id") });
