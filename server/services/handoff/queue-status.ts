import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import type { HandoffSettings } from "@/lib/schemas/inbox";

const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const STEP_MS = 15 * 60_000;

export interface QueueStatus {
  /** 1 for the next conversation a person will take. */
  position: number;
  open: boolean;
  /** When people are next in (null while open, or without business hours). */
  nextOpenAt: string | null;
  /** The latest the customer should expect an answer, by the workspace's maximum wait. */
  expectedBy: string;
  /** What to tell the customer. */
  message: string;
}

/**
 * Where a waiting conversation stands: its place in the workspace's queue (urgent first, then longest
 * waiting, as the inbox lists it), whether the team is in, and when to expect an answer.
 */
export async function queueStatus(db: Db, c: { id: string; workspaceId: string; waitingSince: Date | null }, settings: HandoffSettings, now = new Date()): Promise<QueueStatus> {
  const [row] = rowsOf<{ position: number }>(
    await db.execute(sql`
      select count(*)::int as position from conversations o, conversations me
      where me.id = ${c.id} and o.workspace_id = ${c.workspaceId} and o.owner = 'waiting_for_human'
        and (array_position(array['low', 'normal', 'high', 'urgent'], o.priority), -extract(epoch from coalesce(o.waiting_since, o.created_at)), o.id)
         >= (array_position(array['low', 'normal', 'high', 'urgent'], me.priority), -extract(epoch from coalesce(me.waiting_since, me.created_at)), me.id)`),
  );
  const position = Math.max(1, Number(row?.position ?? 1));
  const open = isOpen(settings, now);
  const nextOpenAt = open ? null : nextOpening(settings, now);
  const from = open ? (c.waitingSince ?? now) : (nextOpenAt ?? now);
  const expectedBy = new Date(Math.max(now.getTime(), from.getTime() + settings.maxWaitMinutes * 60_000));
  const hours = settings.businessHours;
  const message = open
    ? `You're number ${position} in the queue. A member of our team will answer within ${settings.maxWaitMinutes} minutes.`
    : `Our team is away right now (${hours!.days.map((d) => DAY_NAMES[d]).join(", ")} ${hours!.open}–${hours!.close}, ${hours!.timezone}). You're number ${position} in the queue; expect an answer by ${format(expectedBy, hours!.timezone)}.`;
  return { position, open, nextOpenAt: nextOpenAt?.toISOString() ?? null, expectedBy: expectedBy.toISOString(), message };
}

function localParts(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return { day: DAY_NAMES.indexOf(get("weekday")), clock: `${get("hour")}:${get("minute")}` };
}

/** Without business hours the team is always in. */
function isOpen(settings: HandoffSettings, at: Date): boolean {
  const hours = settings.businessHours;
  if (!hours) return true;
  const { day, clock } = localParts(at, hours.timezone);
  return hours.days.includes(day) && clock >= hours.open && clock < hours.close;
}

/** The next quarter hour at which the team is in, within a week. */
function nextOpening(settings: HandoffSettings, from: Date): Date | null {
  const start = Math.ceil(from.getTime() / STEP_MS) * STEP_MS;
  for (let t = start; t < from.getTime() + 8 * 86_400_000; t += STEP_MS) if (isOpen(settings, new Date(t))) return new Date(t);
  return null;
}

function format(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" }).format(at);
}
