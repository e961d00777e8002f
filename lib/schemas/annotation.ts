import { z } from "zod";

// Automatic annotation and judge calibration (issue 16 items 5, 6, 8; server/services/annotation/README.md).

export const annotationOutcomes = ["resolved", "escalated", "abandoned", "unresolved"] as const;
export const sentimentLabels = ["negative", "neutral", "positive"] as const;

/** Below this Cohen's kappa a criterion's AI scores are "not trusted" unless the workspace sets another. */
export const DEFAULT_KAPPA_THRESHOLD = 0.6;

const conversationId = z.uuid("Unknown conversation id");

export const annotationInput = z.object({ conversationId });
export const annotateConversationInput = z.object({ conversationId });

export const calibrationInput = z.object({
  /** Only conversations of this agent; the whole workspace without it. */
  agentId: z.uuid("Unknown agent id").optional(),
});

export const setKappaThresholdInput = z.object({
  threshold: z
    .number("The threshold is a number from 0 to 1")
    .min(0, "Cohen's kappa threshold is between 0 and 1 (0.6 is the usual bar)")
    .max(1, "Cohen's kappa threshold is between 0 and 1 (0.6 is the usual bar)"),
});

/**
 * With an llm provider the judge asks the model for outcome, sentiment and topic in one call, with one
 * instruction per field; the workspace may replace each (Settings › Scorecard). These are the defaults.
 */
export const judgePromptFields = ["outcome", "sentiment", "topic"] as const;
export type JudgePromptField = (typeof judgePromptFields)[number];
export const MAX_JUDGE_PROMPT = 2000;
export const DEFAULT_JUDGE_PROMPTS: Record<JudgePromptField, string> = {
  outcome:
    "Decide how the conversation ended for the customer. resolved: the agent did what the customer wanted or answered the question. escalated: it was handed to a person. " +
    "abandoned: the customer left without an answer, or never answered the agent's question. unresolved: the conversation ended without what the customer wanted.",
  sentiment:
    "Judge the customer's sentiment over the whole conversation (only the customer's messages, not the agent's): a score from -1 (angry, frustrated) to 1 (pleased), " +
    "and a label: negative at or below -0.25, positive at or above 0.25, neutral between.",
  topic: "Name what the customer wanted in 2 to 5 words, sentence case, e.g. \"Cancel an order\" or \"Return policy question\". No order numbers, names or other personal details.",
};

const judgePrompt = z.string().trim().max(MAX_JUDGE_PROMPT, `A judge prompt is at most ${MAX_JUDGE_PROMPT} characters`);
/** Each field's prompt; empty means the default. */
export const setJudgePromptsInput = z.object({ outcome: judgePrompt, sentiment: judgePrompt, topic: judgePrompt });

/** The workspace settings key the threshold and the judge's prompts live under (workspaces.settings.review). */
export const reviewSettingsSchema = z.object({
  kappaThreshold: z.number().min(0).max(1).optional(),
  judgePrompts: z.object({ outcome: z.string().optional(), sentiment: z.string().optional(), topic: z.string().optional() }).optional(),
});

export const exportFormats = ["jsonl", "csv"] as const;
export type ExportFormat = (typeof exportFormats)[number];
