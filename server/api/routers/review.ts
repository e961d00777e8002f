import {
  applyTagInput,
  conversationAnnotationsInput,
  correctionIdInput,
  createCorrectionInput,
  createNoteInput,
  createTagInput,
  noteIdInput,
  removeTagInput,
  tagIdInput,
  updateNoteInput,
  updateTagInput,
} from "@/lib/schemas/review";
import {
  archiveCriterionInput,
  createCriterionInput,
  reorderCriteriaInput,
  scoreConversationInput,
  scorecardInput,
  scoreWithAiInput,
  updateCriterionInput,
} from "@/lib/schemas/scorecards";
import { annotateConversationInput, annotationInput, calibrationInput, setJudgePromptsInput, setKappaThresholdInput } from "@/lib/schemas/annotation";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { reviewQueuesRouter } from "./review-queues";
import { annotateConversation } from "@/server/services/annotation/annotate-conversation";
import { getAnnotation } from "@/server/services/annotation/get-annotation";
import { getCalibration, getCalibrationTrust } from "@/server/services/annotation/get-calibration";
import { readJudgePrompts, setJudgePrompts } from "@/server/services/annotation/judge-prompts";
import { setKappaThreshold } from "@/server/services/annotation/kappa-threshold";
import { applyTag } from "@/server/services/review/apply-tag";
import { createCorrection } from "@/server/services/review/create-correction";
import { createNote } from "@/server/services/review/create-note";
import { createTag } from "@/server/services/review/create-tag";
import { deleteCorrection } from "@/server/services/review/delete-correction";
import { deleteNote } from "@/server/services/review/delete-note";
import { deleteTag } from "@/server/services/review/delete-tag";
import { listAnnotations } from "@/server/services/review/list-annotations";
import { listTags } from "@/server/services/review/list-tags";
import { removeTag } from "@/server/services/review/remove-tag";
import { updateNote } from "@/server/services/review/update-note";
import { updateTag } from "@/server/services/review/update-tag";
import { archiveCriterion } from "@/server/services/scorecards/archive-criterion";
import { createCriterion } from "@/server/services/scorecards/create-criterion";
import { getScorecard } from "@/server/services/scorecards/get-scorecard";
import { listCriteria } from "@/server/services/scorecards/list-criteria";
import { reorderCriteria } from "@/server/services/scorecards/reorder-criteria";
import { scoreConversation } from "@/server/services/scorecards/score-conversation";
import { scoreWithAi } from "@/server/services/scorecards/score-with-ai";
import { updateCriterion } from "@/server/services/scorecards/update-criterion";

// Everyone who reads conversations reads their annotations; writing needs "review:write" (owners, admins,
// reviewers); changing someone else's note or correction also "review:moderate" (checked in the service).
const read = requirePermission("conversations:read");
const write = requirePermission("review:write");
// The scorecard's criteria are workspace settings (owners, admins); scoring is review work.
const defineCriteria = requirePermission("settings:manage");

export const reviewRouter = createTRPCRouter({
  tags: createTRPCRouter({
    list: read.query(({ ctx }) => listTags(ctx)),
    create: write.input(createTagInput).mutation(({ ctx, input }) => createTag(ctx, input)),
    update: write.input(updateTagInput).mutation(({ ctx, input }) => updateTag(ctx, input)),
    delete: write.input(tagIdInput).mutation(({ ctx, input }) => deleteTag(ctx, input)),
  }),
  annotations: read.input(conversationAnnotationsInput).query(({ ctx, input }) => listAnnotations(ctx, input)),
  applyTag: write.input(applyTagInput).mutation(({ ctx, input }) => applyTag(ctx, input)),
  removeTag: write.input(removeTagInput).mutation(({ ctx, input }) => removeTag(ctx, input)),
  addNote: write.input(createNoteInput).mutation(({ ctx, input }) => createNote(ctx, input)),
  updateNote: write.input(updateNoteInput).mutation(({ ctx, input }) => updateNote(ctx, input)),
  deleteNote: write.input(noteIdInput).mutation(({ ctx, input }) => deleteNote(ctx, input)),
  addCorrection: write.input(createCorrectionInput).mutation(({ ctx, input }) => createCorrection(ctx, input)),
  deleteCorrection: write.input(correctionIdInput).mutation(({ ctx, input }) => deleteCorrection(ctx, input)),
  criteria: createTRPCRouter({
    list: read.query(({ ctx }) => listCriteria(ctx)),
    create: defineCriteria.input(createCriterionInput).mutation(({ ctx, input }) => createCriterion(ctx, input)),
    update: defineCriteria.input(updateCriterionInput).mutation(({ ctx, input }) => updateCriterion(ctx, input)),
    archive: defineCriteria.input(archiveCriterionInput).mutation(({ ctx, input }) => archiveCriterion(ctx, input)),
    reorder: defineCriteria.input(reorderCriteriaInput).mutation(({ ctx, input }) => reorderCriteria(ctx, input)),
  }),
  scorecard: read.input(scorecardInput).query(({ ctx, input }) => getScorecard(ctx, input)),
  score: write.input(scoreConversationInput).mutation(({ ctx, input }) => scoreConversation(ctx, input)),
  scoreWithAi: write.input(scoreWithAiInput).mutation(({ ctx, input }) => scoreWithAi(ctx, input)),
  // The judge's annotation (server/services/annotation/README.md): read by all, re-run by reviewers; the
  // calibration of AI-scored criteria against people, and its threshold (a workspace setting).
  annotation: read.input(annotationInput).query(({ ctx, input }) => getAnnotation(ctx, input)),
  annotate: write.input(annotateConversationInput).mutation(({ ctx, input }) => annotateConversation(ctx, input)),
  calibration: read.input(calibrationInput).query(({ ctx, input }) => getCalibration(ctx, input)),
  calibrationTrust: read.query(({ ctx }) => getCalibrationTrust(ctx)),
  setKappaThreshold: defineCriteria.input(setKappaThresholdInput).mutation(({ ctx, input }) => setKappaThreshold(ctx, input)),
  // The llm judge's prompts for outcome, sentiment and topic (a workspace setting, shown under Settings › Scorecard).
  judgePrompts: read.query(({ ctx }) => readJudgePrompts(ctx.db, ctx.workspace.id)),
  setJudgePrompts: defineCriteria.input(setJudgePromptsInput).mutation(({ ctx, input }) => setJudgePrompts(ctx, input)),
  queues: reviewQueuesRouter,
});
