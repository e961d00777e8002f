import { z } from "zod";
import { channels } from "./conversation";

/** The longest range the dashboard compares (and its previous period): two years. */
export const MAX_RANGE_DAYS = 731;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Days since 1970-01-01 of a yyyy-mm-dd day, for calendar arithmetic without time zones. */
export const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

/** The yyyy-mm-dd day `n` days after `d` (n may be negative). */
export const addDays = (d: string, n: number) => new Date((dayNumber(d) + n) * 86_400_000).toISOString().slice(0, 10);

export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are days written yyyy-mm-dd")
  .refine((d) => addDays(d, 0) === d, "That is not a calendar day");

export const timeZoneSchema = z.string().max(64).refine(isTimeZone, "Unknown time zone").default("UTC");

/**
 * A period of whole days, both ends included, in the viewer's time zone (the conversation list reads its
 * `from`/`to` days the same way, so a click-through finds the same conversations).
 */
export const agentMetricsInput = z
  .object({
    agentId: z.uuid("Unknown agent id"),
    from: daySchema,
    to: daySchema,
    timeZone: timeZoneSchema,
    channel: z.enum(channels).optional(),
    /** A release number, or the draft (conversations without a release: the playground). */
    release: z.union([z.number().int().min(1), z.literal("draft")]).optional(),
    journeyId: z.uuid("Unknown journey id").optional(),
  })
  .refine((q) => dayNumber(q.to) >= dayNumber(q.from), { message: "The range ends before it starts: pick a “to” day on or after the “from” day", path: ["to"] })
  .refine((q) => dayNumber(q.to) - dayNumber(q.from) + 1 <= MAX_RANGE_DAYS, { message: "Pick a range of two years or less", path: ["to"] });

export type AgentMetricsInput = z.input<typeof agentMetricsInput>;

/** A journey's funnel over the dashboard's filters (its own journey, not the journey filter). */
export const journeyFunnelInput = z.object({
  filters: agentMetricsInput,
  journeyId: z.uuid("Unknown journey id"),
});
export type JourneyFunnelInput = z.input<typeof journeyFunnelInput>;

/** The dashboard's tables, each downloadable as CSV with the dashboard's filters. */
export const insightTables = ["daily", "by-channel", "by-release", "by-journey", "escalation-reasons", "policy-rules", "scores", "funnel"] as const;
export type InsightTable = (typeof insightTables)[number];

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Months are written yyyy-mm");
const monthNumber = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

/** The outcome report: resolved conversations per month per agent, both months included. */
export const outcomeReportInput = z
  .object({
    from: month,
    to: month,
    timeZone: timeZoneSchema,
  })
  .refine((q) => monthNumber(q.to) >= monthNumber(q.from), { message: "The range ends before it starts: pick a “to” month on or after the “from” month", path: ["to"] })
  .refine((q) => monthNumber(q.to) - monthNumber(q.from) + 1 <= 24, { message: "Pick a range of two years (24 months) or less", path: ["to"] });
export type OutcomeReportInput = z.input<typeof outcomeReportInput>;
