import {
  assignInput,
  cannedReplyIdInput,
  cannedReplyInput,
  conversationInput,
  eventsSinceInput,
  handBackInput,
  listInboxInput,
  noteInput,
  priorityInput,
  replyInput,
  resolveInput,
  runToolInput,
  handoffSettingsSchema,
} from "@/lib/schemas/inbox";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { addNote } from "@/server/services/handoff/add-note";
import { assignConversation } from "@/server/services/handoff/assign-conversation";
import { claimConversation } from "@/server/services/handoff/claim-conversation";
import { closeConversation } from "@/server/services/handoff/close-conversation";
import { createCannedReply } from "@/server/services/handoff/create-canned-reply";
import { deleteCannedReply } from "@/server/services/handoff/delete-canned-reply";
import { getInboxConversation } from "@/server/services/handoff/get-inbox-conversation";
import { handBack } from "@/server/services/handoff/hand-back";
import { listCannedReplies } from "@/server/services/handoff/list-canned-replies";
import { listEvents } from "@/server/services/handoff/list-events";
import { listInbox } from "@/server/services/handoff/list-inbox";
import { replyAsHuman } from "@/server/services/handoff/reply-as-human";
import { resolveConversation } from "@/server/services/handoff/resolve-conversation";
import { readHandoffSettings } from "@/server/services/handoff/read-handoff-settings";
import { runInboxTool } from "@/server/services/handoff/run-inbox-tool";
import { saveHandoffSettings } from "@/server/services/handoff/save-handoff-settings";
import { serverAppUrl } from "@/server/services/tools/app-url";
import { setPriority } from "@/server/services/handoff/set-priority";
import { signalTyping } from "@/server/services/handoff/signal-typing";

const work = requirePermission("inbox:work");

export const inboxRouter = createTRPCRouter({
  list: work.input(listInboxInput).query(({ ctx, input }) => listInbox(ctx, input)),
  get: work.input(conversationInput).query(({ ctx, input }) => getInboxConversation(ctx, input)),
  claim: work.input(conversationInput).mutation(({ ctx, input }) => claimConversation(ctx, input)),
  assign: work.input(assignInput).mutation(({ ctx, input }) => assignConversation(ctx, input)),
  reply: work.input(replyInput).mutation(({ ctx, input }) => replyAsHuman(ctx, input)),
  typing: work.input(conversationInput).mutation(({ ctx, input }) => signalTyping(ctx, input)),
  note: work.input(noteInput).mutation(({ ctx, input }) => addNote(ctx, input)),
  setPriority: work.input(priorityInput).mutation(({ ctx, input }) => setPriority(ctx, input)),
  handBack: work.input(handBackInput).mutation(({ ctx, input }) => handBack(ctx, input)),
  resolve: work.input(resolveInput).mutation(({ ctx, input }) => resolveConversation(ctx, input)),
  close: work.input(conversationInput).mutation(({ ctx, input }) => closeConversation(ctx, input)),
  // Through the policy gate and the ledger, as the AI's calls; an override needs "inbox:override" (checked in the service).
  runTool: work.input(runToolInput).mutation(({ ctx, input }) => runInboxTool({ ...ctx, appUrl: serverAppUrl() }, input)),
  events: work.input(eventsSinceInput).query(({ ctx, input }) => listEvents(ctx, input)),
  // Business hours and the maximum wait: read by everyone who works the inbox, changed by admins.
  settings: work.query(({ ctx }) => readHandoffSettings(ctx.db, ctx.workspace.id)),
  saveSettings: requirePermission("settings:manage").input(handoffSettingsSchema).mutation(({ ctx, input }) => saveHandoffSettings(ctx, input)),
  cannedReplies: createTRPCRouter({
    list: work.query(({ ctx }) => listCannedReplies(ctx)),
    create: work.input(cannedReplyInput).mutation(({ ctx, input }) => createCannedReply(ctx, input)),
    delete: work.input(cannedReplyIdInput).mutation(({ ctx, input }) => deleteCannedReply(ctx, input)),
  }),
});
