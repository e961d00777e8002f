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
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
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

// Everyone who reads conversations reads their annotations; writing needs "review:write" (owners, admins,
// reviewers); changing someone else's note or correction also "review:moderate" (checked in the service).
const read = requirePermission("conversations:read");
const write = requirePermission("review:write");

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
});
