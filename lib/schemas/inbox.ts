import { z } from "zod";

/** Who speaks for the business in a conversation (server/services/handoff/README.md has the transitions). */
export const owners = ["ai", "waiting_for_human", "human", "resolved", "closed"] as const;
export type Owner = (typeof owners)[number];
/** A person (waiting for one, or claimed) owns it: the AI records the customer's messages and stays quiet. */
export const humanOwns = (owner: string) => owner === "waiting_for_human" || owner === "human";

export const priorities = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof priorities)[number];
export const handoffOutcomes = ["resolved", "unresolved"] as const;
export const queues = ["unassigned", "mine", "open"] as const;

/** A human reply or note: what a person can type in one go. */
export const MAX_HUMAN_TEXT = 4000;
const humanText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Write the ${what} first: it is empty`)
    .max(MAX_HUMAN_TEXT, `Keep the ${what} to ${MAX_HUMAN_TEXT} characters or fewer (split a longer one)`);

const conversationId = z.uuid("Unknown conversation id");

export const conversationInput = z.object({ conversationId });

export const listInboxInput = z.object({
  queue: z.enum(queues).default("open"),
  agentId: z.uuid("Unknown agent id").optional(),
  channel: z.string().max(20).optional(),
  priority: z.enum(priorities).optional(),
  search: z.string().trim().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const assignInput = z.object({ conversationId, userId: z.uuid("Unknown user id") });
export const replyInput = z.object({ conversationId, text: humanText("reply") });
export const noteInput = z.object({ conversationId, text: humanText("note") });
export const priorityInput = z.object({ conversationId, priority: z.enum(priorities) });
export const handBackInput = z.object({ conversationId, journeyId: z.uuid("Unknown journey id").optional() });
export const resolveInput = z.object({ conversationId, outcome: z.enum(handoffOutcomes).default("resolved") });

export const runToolInput = z.object({
  conversationId,
  tool: z.string().trim().min(1, "Pick a tool").max(100),
  args: z.record(z.string().max(100), z.unknown()).default({}),
  /** Only for admins, when the gate said no: why the action should run anyway (audited). */
  override: z.object({ reason: z.string().trim().min(1, "Give a reason for overriding the policy").max(500, "Keep the reason to 500 characters or fewer") }).optional(),
});

export const cannedReplyInput = z.object({
  title: z.string().trim().min(1, "Give the canned reply a title").max(80, "Keep the title to 80 characters or fewer"),
  text: humanText("canned reply"),
});
export const cannedReplyIdInput = z.object({ cannedReplyId: z.uuid("Unknown canned reply id") });

export const eventsSinceInput = z.object({
  conversationId: conversationId.optional(),
  /** The last event id the reader has; 0 (or absent) for the latest events. */
  after: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(200),
});

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Times look like 09:00 or 17:30 (24-hour)");
const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "Use an IANA time zone, e.g. Europe/Berlin or America/New_York");

/** When people answer handed-off conversations, and how long a customer should wait at most (workspaces.settings.handoff). */
export const handoffSettingsSchema = z.object({
  businessHours: z
    .object({
      timezone,
      /** 0 = Sunday … 6 = Saturday. */
      days: z.array(z.number().int().min(0).max(6)).min(1, "Pick at least one day").max(7),
      open: clock,
      close: clock,
    })
    .refine((h) => h.open < h.close, { message: "Opening time must be before closing time", path: ["close"] })
    .nullable()
    .default(null),
  maxWaitMinutes: z.number().int().min(1, "At least one minute").max(10_080, "At most a week (10080 minutes)").default(30),
});
export type HandoffSettings = z.infer<typeof handoffSettingsSchema>;
