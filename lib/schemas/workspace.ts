import { z } from "zod";
import { roles } from "@/server/authz/permissions";

// Slugs that would shadow studio routes.
const reservedSlugs = new Set(["api", "sign-in", "sign-up", "invite", "new", "workspaces", "_next", "settings"]);

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters")
  .max(48, "Use at most 48 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes")
  .refine((s) => !reservedSlugs.has(s), "This name is reserved: choose another");

export const workspaceNameSchema = z.string().trim().min(1, "Give the workspace a name").max(80);

export const createWorkspaceInput = z.object({ name: workspaceNameSchema, slug: slugSchema.optional() });
export const roleSchema = z.enum(roles);

export const createInviteInput = z.object({ role: roleSchema, email: z.email().optional() });
export const changeRoleInput = z.object({ userId: z.uuid(), role: roleSchema });
export const removeMemberInput = z.object({ userId: z.uuid() });

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "workspace"
  );
}

/** `base`, or `base-2`, `base-3`... whichever is not taken. */
export function nextFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
