import { can } from "@/server/authz/permissions";
import type { WorkspaceCtx } from "@/server/services/context";

/** A note or correction is changed by its author, or by a moderator (owners, admins) whoever wrote it. */
export function canChangeAnnotation(ctx: Pick<WorkspaceCtx, "role" | "userId">, authorId: string | null): boolean {
  return can(ctx.role, "review:moderate") || (authorId !== null && authorId === ctx.userId && can(ctx.role, "review:write"));
}
