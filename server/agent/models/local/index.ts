import "server-only";

import type { Models } from "../types";
import { classifyIntentLocal } from "./classify";
import { composeReplyLocal } from "./compose";
import { summarizeForHandoffLocal, judgeLocal } from "./handoff";
import { answerFromKnowledgeLocal } from "./knowledge";
import { detectSentimentLocal } from "./sentiment";
import { extractSlotsLocal } from "./slots";
import { embedText } from "./text";

export { INTENT_SCORE_FLOOR } from "./classify";
export { ANSWER_OVERLAP_FLOOR, NOT_GROUNDED_TEXT } from "./knowledge";

/** The deterministic, no-network models (DESIGN §3): the default when a workspace has no llm provider. */
export function createLocalModels(): Models {
  return {
    kind: "local",
    understand: async (text, { intents, slots, now }) => ({ intent: classifyIntentLocal(text, intents), slots: extractSlotsLocal(text, slots, now) }),
    classifyIntent: async (text, candidates) => classifyIntentLocal(text, candidates),
    extractSlots: async (text, slots, opts) => extractSlotsLocal(text, slots, opts?.now),
    detectSentiment: async (text) => detectSentimentLocal(text),
    composeReply: async (input) => composeReplyLocal(input),
    answerFromKnowledge: async (question, chunks) => answerFromKnowledgeLocal(question, chunks),
    summarizeForHandoff: async (input) => summarizeForHandoffLocal(input),
    judge: async (input) => judgeLocal(input),
    embed: async (texts) => texts.map(embedText),
  };
}
