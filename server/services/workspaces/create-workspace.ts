import "server-only";
import { like } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { memberships, workspaces } from "@/db/schema";
import { createWorkspaceInput, nextFreeSlug, slugify } from "@/lib/schemas/workspace";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { UserCtx } from "@/server/services/context";

/** Creates a workspace with the caller as its owner. Without a slug, one is derived from the name. */
export async function createWorkspace(ctx: UserCtx, input: z.input<typeof createWorkspaceInput>) {
  const { name, slug } = createWorkspaceInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const finalSlug = slug ?? (await freeSlug(tx, slugify(name)));
    const [workspace] = await tx
      .insert(workspaces)
      .values({ name, slug: finalSlug })
      .onConflictDoNothing({ target: workspaces.slug })
      .returning();
    if (!workspace) throw conflict(`The address "${finalSlug}" is taken: choose another`);
    await tx.insert(memberships).values({ workspaceId: workspace.id, userId: ctx.userId, role: "owner" });
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actorId: ctx.userId,
      action: "workspace.create",
      targetType: "workspace",
      targetId: workspace.id,
      after: { name, slug: finalSlug },
    });
    return workspace;
  });
}

async function freeSlug(tx: Tx, base: string) {
  const rows = await tx.select({ slug: workspaces.slug }).from(workspaces).where(like(workspaces.slug, `${base}%`));
  return nextFreeSlug(base, new Set(rows.map((r) => r.slug)));
}
