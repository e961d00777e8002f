import { z } from "zod";

// Anomaly alerts (issue 18 item 4; server/services/alerts/README.md).

export const alertStatuses = ["open", "acknowledged"] as const;

export const listAlertsInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  /** Open ones only, acknowledged ones only, or both (default). */
  status: z.enum(alertStatuses, `Pick a status: ${alertStatuses.join(" or ")}`).optional(),
  limit: z.number().int().min(1).max(200, "List at most 200 alerts at a time").default(50),
});

export const alertIdInput = z.object({ alertId: z.uuid("Unknown alert id") });

/** Check the last `days` complete (UTC) days of the agent now; a day that fired before is not repeated. */
export const checkAlertsInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  days: z.number().int().min(1, "Check at least one day").max(90, "Check at most the last 90 days").default(14),
  /** Departures of more than this many scaled MADs fire. */
  threshold: z.number().min(1, "A threshold under 1 MAD would alert on ordinary days").max(20, "Pick a threshold of 20 MADs or less").default(3.5),
  /** The least volume (conversations, or policy decisions for the denial rate) a day needs to be judged. */
  minVolume: z.number().int().min(1, "The minimum volume is at least 1").max(100_000).default(10),
});

export type ListAlertsInput = z.input<typeof listAlertsInput>;
export type CheckAlertsInput = z.input<typeof checkAlertsInput>;
