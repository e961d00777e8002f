import { z } from "zod";

// Guardrails and supervisor triggers of an agent (agents.settings.guardrails).

export const guardrailsSchema = z.object({
  /** Replies containing these are never sent. */
  bannedPhrases: z.array(z.string()).default([]),
  /** Money amounts near these words may not exceed `max` unless a tool result of this turn states them. */
  caps: z.array(z.object({ label: z.string(), keywords: z.array(z.string()).min(1), max: z.number().nonnegative() })).default([]),
  /** Statements the agent may make only when a policy decision of this turn carries them. */
  neverPromise: z.array(z.string()).default([]),
  /** Mask emails, card numbers and phone numbers in stored transcripts (the live reply is unchanged). */
  maskPii: z.boolean().default(false),
  escalation: z
    .object({
      phrases: z.array(z.string()).default([]),
      /** Sentiment at or below this counts toward the negative streak. */
      sentimentThreshold: z.number().min(-1).max(1).default(-0.4),
      negativeStreak: z.number().int().min(1).default(3),
      repeatedFailures: z.number().int().min(1).default(3),
      /** Consecutive messages no journey understood. */
      lowConfidenceTurns: z.number().int().min(1).default(3),
    })
    .default({ phrases: [], sentimentThreshold: -0.4, negativeStreak: 3, repeatedFailures: 3, lowConfidenceTurns: 3 }),
});
export type Guardrails = z.infer<typeof guardrailsSchema>;
export type GuardrailsInput = z.input<typeof guardrailsSchema>;
