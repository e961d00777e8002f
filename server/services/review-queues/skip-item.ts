import "server-only";
import type { z } from "zod";
import type { queueItemIdInput } from "@/lib/schemas/review-queues";
import type { WorkspaceCtx } from "@/server/services/context";
import { finishItem } from "./finish-item";

/** Marks the item skipped by the caller: it leaves the to-do list and shows in the skipped list. */
export async function skipItem(ctx: WorkspaceCtx, input: z.output<typeof queueItemIdInput>) {
  return finishItem(ctx, input.itemId, "skipped");
}
