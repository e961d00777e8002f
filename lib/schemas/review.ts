import { z } from "zod";

// Review annotations: tags, notes and corrections (issue 16; server/services/review/README.md).

/** The colours a tag may take; components/review/tag-chip.tsx maps each to its classes. */
export const tagColours = ["gray", "red", "orange", "amber", "green", "teal", "blue", "violet", "pink"] as const;
export type TagColour = (typeof tagColours)[number];

/** Decisions a correction may say the policy gate should have reached (the gate's own four). */
export const expectedDecisions = ["allow", "deny", "require_confirmation", "escalate"] as const;

export const MAX_TAG_NAME = 40;
export const MAX_TAG_DESCRIPTION = 200;
/** A note or correction: what a reviewer writes in one go (the inbox's notes share the limit). */
export const MAX_REVIEW_TEXT = 4000;

const conversationId = z.uuid("Unknown conversation id");
const messageId = z.uuid("Unknown message id");
const tagId = z.uuid("Unknown tag id");

const reviewText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Write the ${what} first: it is empty`)
    .max(MAX_REVIEW_TEXT, `Keep the ${what} to ${MAX_REVIEW_TEXT} characters or fewer (split a longer one)`);

const tagFields = {
  name: z.string().trim().min(1, "Give the tag a name").max(MAX_TAG_NAME, `Keep the tag name to ${MAX_TAG_NAME} characters or fewer`),
  colour: z.enum(tagColours, `Pick one of the colours: ${tagColours.join(", ")}`),
  description: z.string().trim().max(MAX_TAG_DESCRIPTION, `Keep the description to ${MAX_TAG_DESCRIPTION} characters or fewer`).default(""),
};

export const createTagInput = z.object(tagFields);
export const updateTagInput = z.object({ tagId, ...tagFields });
export const tagIdInput = z.object({ tagId });

/** A conversation, or one of its messages when `messageId` is given. */
const target = { conversationId, messageId: messageId.optional() };

export const applyTagInput = z.object({ ...target, tagId });
export const removeTagInput = applyTagInput;

export const createNoteInput = z.object({ ...target, text: reviewText("note") });
export const updateNoteInput = z.object({ noteId: z.uuid("Unknown note id"), text: reviewText("note") });
export const noteIdInput = z.object({ noteId: z.uuid("Unknown note id") });

export const createCorrectionInput = z
  .object({
    conversationId,
    messageId,
    /** What the agent should have said. */
    text: z.string().trim().max(MAX_REVIEW_TEXT, `Keep the correction to ${MAX_REVIEW_TEXT} characters or fewer`).default(""),
    expectedJourneyId: z.uuid("Unknown journey id").optional(),
    expectedToolCall: z.string().trim().max(100, "Keep the tool name to 100 characters or fewer").optional(),
    expectedDecision: z.enum(expectedDecisions, `The decision is one of ${expectedDecisions.join(", ")}`).optional(),
  })
  .refine((c) => c.text || c.expectedJourneyId || c.expectedToolCall || c.expectedDecision, {
    message: "Say what the agent should have said or done: the correction is empty",
    path: ["text"],
  });
export const correctionIdInput = z.object({ correctionId: z.uuid("Unknown correction id") });

export const conversationAnnotationsInput = z.object({ conversationId });
