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

/** The workspace settings key the threshold lives under (workspaces.settings.review.kappaThreshold). */
export const reviewSettingsSchema = z.object({ kappaThreshold: z.number().min(0).max(1).optional() });

export const exportFormats = ["jsonl", "csv"] as const;
export type ExportFormat = (typeof exportFormats)[number];
