import { z } from "zod";

export const channels = ["playground", "api", "widget", "eval", "cli"] as const;
export const outcomes = ["open", "resolved", "escalated", "abandoned"] as const;

export const listConversationsInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  channel: z.enum(channels).optional(),
  status: z.enum(outcomes).optional(),
  journeyId: z.uuid().optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  search: z.string().trim().max(200).optional(),
  /** Tagged with this tag, on the conversation or on one of its messages. */
  tagId: z.uuid("Unknown tag id").optional(),
  /** Words in the team's notes on the conversation or its messages. */
  noteSearch: z.string().trim().max(200, "Keep the note search to 200 characters or fewer").optional(),
  cursor: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
