import { z } from "zod";

// Scorecards: a workspace's criteria and the scores on conversations (issue 16;
// server/services/scorecards/README.md). The scales' values and points are in lib/scorecards/scale.ts.

export const scales = ["pass_fail", "one_to_five", "choice"] as const;
export type Scale = (typeof scales)[number];
export const scorers = ["human", "ai", "both"] as const;
export type Scorer = (typeof scorers)[number];
export const scoreKinds = ["human", "ai"] as const;
export type ScoreKind = (typeof scoreKinds)[number];

export const MAX_CRITERION_NAME = 60;
export const MAX_CRITERION_TEXT = 2000;
export const MAX_CHOICE_OPTIONS = 10;
export const MAX_CHOICE_OPTION = 40;

const criterionId = z.uuid("Unknown criterion id");
const conversationId = z.uuid("Unknown conversation id");

const criterionFields = {
  name: z.string().trim().min(1, "Give the criterion a name").max(MAX_CRITERION_NAME, `Keep the criterion name to ${MAX_CRITERION_NAME} characters or fewer`),
  description: z.string().trim().max(MAX_CRITERION_TEXT, `Keep the description to ${MAX_CRITERION_TEXT} characters or fewer`).default(""),
  aiRubric: z.string().trim().max(MAX_CRITERION_TEXT, `Keep the AI rubric to ${MAX_CRITERION_TEXT} characters or fewer`).default(""),
  scale: z.enum(scales, "The scale is pass / fail / n.a., 1–5, or a choice"),
  options: z
    .array(z.string().trim().min(1, "A choice cannot be empty").max(MAX_CHOICE_OPTION, `Keep each choice to ${MAX_CHOICE_OPTION} characters or fewer`))
    .max(MAX_CHOICE_OPTIONS, `Offer at most ${MAX_CHOICE_OPTIONS} choices`)
    .default([]),
  scorer: z.enum(scorers, "Who scores it: human, ai or both"),
};

/** A choice scale needs two distinct choices and is scored by people: the AI judge grades pass/fail and 1–5 only. */
function checkCriterion(c: { scale: Scale; options: string[]; scorer: Scorer }, ctx: z.RefinementCtx) {
  if (c.scale !== "choice") return;
  const distinct = new Set(c.options.map((o) => o.toLowerCase()));
  if (c.options.length < 2) ctx.addIssue({ code: "custom", path: ["options"], message: "A choice needs at least two options" });
  else if (distinct.size !== c.options.length) ctx.addIssue({ code: "custom", path: ["options"], message: "Each choice must be different" });
  if (c.scorer !== "human") ctx.addIssue({ code: "custom", path: ["scorer"], message: "A choice is scored by people: the AI judge grades pass / fail and 1–5 only" });
}

/** Options only mean something for a choice; other scales store none. */
const withoutStrayOptions = <T extends { scale: Scale; options: string[] }>(c: T): T => (c.scale === "choice" ? c : { ...c, options: [] });

export const createCriterionInput = z.object(criterionFields).superRefine(checkCriterion).transform(withoutStrayOptions);
export const updateCriterionInput = z
  .object({ criterionId, ...criterionFields })
  .superRefine(checkCriterion)
  .transform(withoutStrayOptions);
export const archiveCriterionInput = z.object({ criterionId, archived: z.boolean() });
export const reorderCriteriaInput = z.object({ criterionIds: z.array(criterionId).min(1, "Name the criteria in their new order").max(200) });

export const scorecardInput = z.object({ conversationId });
/** A person's score; `value: null` clears it. The value is checked against the criterion's scale by the service. */
export const scoreConversationInput = z.object({
  conversationId,
  criterionId,
  value: z.string().trim().min(1, "Pick a value").max(MAX_CHOICE_OPTION).nullable(),
});
export const scoreWithAiInput = z.object({ conversationId });
