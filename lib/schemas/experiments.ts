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

/** The guard metrics automatic roll back can watch (the experiment's guard metrics). */
export const guardMetricOptions = [
  { key: "escalation", label: "Escalation" },
  { key: "denial", label: "Denial rate" },
  { key: "csat", label: "CSAT" },
] as const;

export const canaryGuardGetInput = z.object({ agentId: z.uuid("Unknown agent id") });

/** Automatic roll back of the agent's canary: on or off, and the guard metrics it watches. */
export const canaryGuardInput = z
  .object({
    agentId: z.uuid("Unknown agent id"),
    autoRollback: z.boolean(),
    metrics: z
      .array(z.enum(["escalation", "denial", "csat"], "Guard metrics are escalation, denial and csat"))
      .max(3)
      .refine((m) => new Set(m).size === m.length, "Name each guard metric once"),
  })
  .refine((q) => !q.autoRollback || q.metrics.length > 0, { message: "Pick at least one guard metric for automatic roll back to watch", path: ["metrics"] });
export type CanaryGuardInput = z.input<typeof canaryGuardInput>;
