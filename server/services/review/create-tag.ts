import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { tags } from "@/db/schema";
import type { createTagInput } from "@/lib/schemas/review";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

export const tagTaken = (name: string) => conflict(`A tag called "${name}" already exists: pick another name`);

/** Whether another tag of the workspace has this name, whatever its case. */
export async function isTagNameTaken(tx: Db | Tx, workspaceId: string, name: string, exceptId?: string) {
  const [row] = await tx
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.workspaceId, workspaceId), sql`lower(${tags.name}) = lower(${name})`, exceptId ? sql`${tags.id} <> ${exceptId}` : undefined));
  return !!row;
}

export const tagSnapshot = (t: { name: string; colour: string; description: string }) => ({ name: t.name, colour: t.colour, description: t.description });

export async function createTag(ctx: WorkspaceCtx, input: z.output<typeof createTagInput>) {
  return ctx.db.transaction(async (tx) => {
    if (await isTagNameTaken(tx, ctx.workspace.id, input.name)) throw tagTaken(input.name);
    // A concurrent create of the same name meets the unique index: nothing is inserted.
    const [row] = await tx
      .insert(tags)
      .values({ workspaceId: ctx.workspace.id, name: input.name, colour: input.colour, description: input.description, createdBy: ctx.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw tagTaken(input.name);
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "tag.create", targetType: "tag", targetId: row.id, after: tagSnapshot(row) });
    return row;
  });
}
