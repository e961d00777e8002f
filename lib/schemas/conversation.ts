import { z } from "zod";
import { annotationOutcomes, sentimentLabels } from "./annotation";
import { scoreKinds } from "./scorecards";

export const channels = ["playground", "api", "widget", "eval", "cli"] as const;
export const outcomes = ["open", "resolved", "escalated", "abandoned"] as const;
export const reviewStatuses = ["unreviewed", "in_queue", "reviewed"] as const;

const latencyFloor = (what: string) =>
  z
    .number(`The ${what} filter is milliseconds, a whole number`)
    .int(`The ${what} filter is milliseconds, a whole number`)
    .min(1, `The ${what} filter is at least 1 ms`)
    .max(600_000, `The ${what} filter is at most 600,000 ms (10 minutes)`);

export const listConversationsInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  channel: z.enum(channels).optional(),
  status: z.enum(outcomes).optional(),
  journeyId: z.uuid().optional(),
  /** Served by this release number of the agent, or by the draft (playground conversations have no release). */
  release: z.union([z.number().int().min(1), z.literal("draft")]).optional(),
  /** Handed to a person at some point (`handed_off_at` set), or never. */
  handedOff: z.boolean().optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  search: z.string().trim().max(200).optional(),
  /** Tagged with this tag, on the conversation or on one of its messages. */
  tagId: z.uuid("Unknown tag id").optional(),
  /** In this topic of the agent's last clustering (server/services/topics). */
  topicId: z.uuid("Unknown topic id").optional(),
  /** Words in the team's notes on the conversation or its messages. */
  noteSearch: z.string().trim().max(200, "Keep the note search to 200 characters or fewer").optional(),
  /** Scored below this percentage: the mean points of the `scoredBy` scores (conversations with none are left out). */
  scoreBelow: z.number().min(0, "The score is a percentage, 0 to 100").max(100, "The score is a percentage, 0 to 100").optional(),
  /** Failed this criterion: fail, or 1–2 of 5, in the `scoredBy` score. */
  failedCriterionId: z.uuid("Unknown criterion id").optional(),
  /** Whose scores the two score filters read: a person's (default) or the AI's. */
  scoredBy: z.enum(scoreKinds).default("human"),
  /** Reviewed (a person's score or a done queue item), in a queue (a to-do item, not reviewed), or neither. */
  reviewStatus: z.enum(reviewStatuses, "The review status is unreviewed, in_queue or reviewed").optional(),
  /** Reviewed by this member: completed one of its queue items or scored it by hand. */
  reviewerId: z.uuid("Unknown reviewer id").optional(),
  /** The AI judge's sentiment label over the customer's messages (conversation_annotations). */
  sentiment: z.enum(sentimentLabels, "The sentiment is negative, neutral or positive").optional(),
  /** The AI judge's outcome, which may differ from the conversation's status. */
  aiOutcome: z.enum(annotationOutcomes, "The AI outcome is resolved, escalated, abandoned or unresolved").optional(),
  /** A turn's reply took at least this long (ms, as the runtime measured it; turns stored before it did have none). */
  slowTurnMs: latencyFloor("slow turn").optional(),
  /** The first reply (turn 1) took at least this long (ms). */
  slowFirstReplyMs: latencyFloor("slow first reply").optional(),
  /** The conversation's turns spent at least this many model tokens (input + output; local models spend none). */
  minTokens: z
    .number("The token floor is a whole number")
    .int("The token floor is a whole number")
    .min(1, "The token floor is at least 1")
    .max(100_000_000, "The token floor is at most 100,000,000")
    .optional(),
  cursor: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
