import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { tags } from "@/db/schema";
import type { updateTagInput } from "@/lib/schemas/review";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { isTagNameTaken, tagSnapshot, tagTaken } from "./create-tag";
import { findTag } from "./find-target";

/** Renames, recolours or redescribes a tag; where it is applied stays as it was. */
export async function updateTag(ctx: WorkspaceCtx, input: z.output<typeof updateTagInput>) {
  return ctx.db.transaction(async (tx) => {
    const before = await findTag(tx, ctx, input.tagId);
    if (await isTagNameTaken(tx, ctx.workspace.id, input.name, before.id)) throw tagTaken(input.name);
    const [row] = await tx
      .update(tags)
      .set({ name: input.name, colour: input.colour, description: input.description, updatedAt: new Date() })
      .where(and(eq(tags.id, before.id), eq(tags.workspaceId, ctx.workspace.id)))
      .returning();
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "tag.update", targetType: "tag", targetId: before.id, before: tagSnapshot(before), after: tagSnapshot(row!) });
    return row!;
  });
}
