import "server-only";
import { and, eq } from "drizzle-orm";
import { storeUsers } from "@/db/schema";
import { createConversation } from "@/server/agent/create-conversation";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { agentStoreId } from "./search-store-users";

export interface StartPlaygroundInput {
  agentId: string;
  /** A store user to play; the agent still has to authenticate them in chat, as with a real customer. */
  storeUserId?: string | null;
  metadata?: Record<string, string>;
}

/** Opens a playground conversation with the draft agent as a simulated customer (or nobody in particular). */
export async function startPlaygroundConversation(ctx: WorkspaceCtx, input: StartPlaygroundInput) {
  const storeId = await agentStoreId(ctx, input.agentId);
  let customer: Record<string, unknown> | undefined;
  if (input.storeUserId) {
    const [user] = storeId
      ? await ctx.db
          .select({ id: storeUsers.id, email: storeUsers.email, firstName: storeUsers.firstName, lastName: storeUsers.lastName })
          .from(storeUsers)
          .where(and(eq(storeUsers.storeId, storeId), eq(storeUsers.id, input.storeUserId)))
          .limit(1)
      : [];
    if (!user) throw notFound("Store customer");
    customer = { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}` };
  }
  return createConversation(ctx, {
    workspaceId: ctx.workspace.id,
    agentId: input.agentId,
    channel: "playground",
    customer,
    metadata: { ...input.metadata, startedBy: ctx.userId },
  });
}
