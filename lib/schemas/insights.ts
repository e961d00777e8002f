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

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are days written yyyy-mm-dd")
  .refine((d) => addDays(d, 0) === d, "That is not a calendar day");

/**
 * A period of whole days, both ends included, in the viewer's time zone (the conversation list reads its
 * `from`/`to` days the same way, so a click-through finds the same conversations).
 */
export const agentMetricsInput = z
  .object({
    agentId: z.uuid("Unknown agent id"),
    from: day,
    to: day,
    timeZone: z.string().max(64).refine(isTimeZone, "Unknown time zone").default("UTC"),
    channel: z.enum(channels).optional(),
    /** A release number, or the draft (conversations without a release: the playground). */
    release: z.union([z.number().int().min(1), z.literal("draft")]).optional(),
    journeyId: z.uuid("Unknown journey id").optional(),
  })
  .refine((q) => dayNumber(q.to) >= dayNumber(q.from), { message: "The range ends before it starts: pick a “to” day on or after the “from” day", path: ["to"] })
  .refine((q) => dayNumber(q.to) - dayNumber(q.from) + 1 <= MAX_RANGE_DAYS, { message: "Pick a range of two years or less", path: ["to"] });

export type AgentMetricsInput = z.input<typeof agentMetricsInput>;
