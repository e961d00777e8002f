import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { playgroundPermission } from "@/server/services/playground/access";
import { listAgentJourneys } from "@/server/services/playground/list-agent-journeys";
import { searchStoreUsersInput, startPlaygroundInput } from "@/server/services/playground/schemas";
import { searchStoreUsers } from "@/server/services/playground/search-store-users";
import { startPlaygroundConversation } from "@/server/services/playground/start-conversation";

export const playgroundRouter = createTRPCRouter({
  storeUsers: requirePermission(playgroundPermission).input(searchStoreUsersInput).query(({ ctx, input }) => searchStoreUsers(ctx, input)),
  start: requirePermission(playgroundPermission).input(startPlaygroundInput).mutation(({ ctx, input }) => startPlaygroundConversation(ctx, input)),
  journeys: requirePermission("conversations:read")
    .input(z.object({ agentId: z.uuid("Unknown agent id") }))
    .query(({ ctx, input }) => listAgentJourneys(ctx, input)),
});
