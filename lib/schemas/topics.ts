import { z } from "zod";

// Topics (issue 18 item 3; server/services/topics/README.md).

/** The periods a topic's volume and trend are read over (this period against the one before). */
export const topicPeriods = [7, 14, 30] as const;

export const listTopicsInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  days: z.union([z.literal(7), z.literal(14), z.literal(30)], { error: "Pick a period of 7, 14 or 30 days" }).default(7),
});

export const recomputeTopicsInput = z.object({ agentId: z.uuid("Unknown agent id") });

export type ListTopicsInput = z.input<typeof listTopicsInput>;
