import { z } from "zod";
import { listConversationsInput } from "./conversation";

// Review queues (issue 16 item 4; server/services/review-queues/README.md).

export const queueRuleKinds = ["all", "escalated", "policy_denial_or_guardrail", "negative_sentiment", "ai_score_below"] as const;
export type QueueRuleKind = (typeof queueRuleKinds)[number];

export const queueRuleLabels: Record<QueueRuleKind, string> = {
  all: "Every conversation",
  escalated: "Escalated conversations",
  policy_denial_or_guardrail: "A policy denial or guardrail hit",
  negative_sentiment: "Negative sentiment (AI annotation)",
  ai_score_below: "AI score below a threshold",
};

export const MAX_QUEUE_NAME = 60;
export const MAX_QUEUE_DESCRIPTION = 500;
export const MAX_ASSIGNEES = 50;

/**
 * The saved filter: the conversation list's filters that describe a kind of conversation (not a page,
 * an agent, a date range or a review state; the queue's agent is its own field).
 */
export const queueFilter = listConversationsInput
  .pick({ channel: true, status: true, journeyId: true, handedOff: true, search: true, tagId: true, noteSearch: true, scoreBelow: true, failedCriterionId: true })
  .extend({ scoredBy: z.enum(["human", "ai"]).optional() })
  .strict();
export type QueueFilter = z.infer<typeof queueFilter>;

const rate = z
  .number("The sampling rate is a number from 0 to 100")
  .min(0, "The sampling rate is a percentage: give a number from 0 to 100")
  .max(100, "The sampling rate is a percentage: give a number from 0 to 100");

const queueFields = {
  name: z.string().trim().min(1, "Give the queue a name").max(MAX_QUEUE_NAME, `Keep the queue name to ${MAX_QUEUE_NAME} characters or fewer`),
  description: z.string().trim().max(MAX_QUEUE_DESCRIPTION, `Keep the description to ${MAX_QUEUE_DESCRIPTION} characters or fewer`).default(""),
  /** One agent's conversations, or every agent's (null). */
  agentId: z.uuid("Unknown agent id").nullable().default(null),
  filter: queueFilter.default({}),
  ruleKind: z.enum(queueRuleKinds, "The rule is all, escalated, policy_denial_or_guardrail, negative_sentiment or ai_score_below"),
  /** `ai_score_below` only: the AI's mean score, as a percentage. */
  ruleThreshold: z
    .number()
    .min(0, "The AI score threshold is a percentage: give a number from 0 to 100")
    .max(100, "The AI score threshold is a percentage: give a number from 0 to 100")
    .nullable()
    .default(null),
  rate: rate.default(100),
  releaseNumber: z.number().int().min(1, "A release number is 1 or more").nullable().default(null),
  assigneeIds: z.array(z.uuid("Unknown assignee id")).max(MAX_ASSIGNEES, `Assign at most ${MAX_ASSIGNEES} people`).default([]),
};

function ruleNeedsThreshold(q: { ruleKind: QueueRuleKind; ruleThreshold: number | null }, ctx: z.RefinementCtx) {
  if (q.ruleKind === "ai_score_below" && q.ruleThreshold === null)
    ctx.addIssue({ code: "custom", path: ["ruleThreshold"], message: "Give the AI score threshold (0 to 100) the rule compares against" });
}

export const createQueueInput = z.object(queueFields).superRefine(ruleNeedsThreshold);
export const updateQueueInput = z.object({ queueId: z.uuid("Unknown queue id"), ...queueFields }).superRefine(ruleNeedsThreshold);
/** What the create/edit dialog counts live: the filter and rule as they stand, before saving. */
export const previewQueueInput = z.object({
  agentId: queueFields.agentId,
  filter: queueFields.filter,
  ruleKind: queueFields.ruleKind,
  ruleThreshold: queueFields.ruleThreshold,
  rate: queueFields.rate,
  releaseNumber: queueFields.releaseNumber,
});
export const queueIdInput = z.object({ queueId: z.uuid("Unknown queue id") });
export const queueItemIdInput = z.object({ itemId: z.uuid("Unknown queue item id") });
export const queueItemsInput = z.object({
  queueId: z.uuid("Unknown queue id"),
  status: z.enum(["done", "skipped"], "List the done or the skipped items"),
  limit: z.number().int().min(1).max(100).default(50),
});

/** How long a claim lasts: past it, the item is anyone's again. */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;
/** A new (or edited) queue takes in the ended conversations of this many days at once. */
export const BACKFILL_DAYS = 30;
