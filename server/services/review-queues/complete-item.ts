import "server-only";
import type { z } from "zod";
import type { queueItemIdInput } from "@/lib/schemas/review-queues";
import type { WorkspaceCtx } from "@/server/services/context";
import { finishItem } from "./finish-item";

/** Marks the item done by the caller (completed_by); who claimed it stays on the row. */
export async function completeItem(ctx: WorkspaceCtx, input: z.output<typeof queueItemIdInput>) {
  return finishItem(ctx, input.itemId, "done");
}
