import { z } from "zod";
import { listConversationsInput } from "@/lib/schemas/conversation";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { getConversation } from "@/server/services/conversations/get-conversation";
import { listConversations } from "@/server/services/conversations/list-conversations";

export const conversationsRouter = createTRPCRouter({
  list: requirePermission("conversations:read").input(listConversationsInput).query(({ ctx, input }) => listConversations(ctx, input)),
  get: requirePermission("conversations:read")
    .input(z.object({ conversationId: z.uuid("Unknown conversation id") }))
    .query(({ ctx, input }) => getConversation(ctx, input)),
});
