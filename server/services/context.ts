import type { Db } from "@/db/client";
import type { Role } from "@/server/authz/permissions";

/** What every service receives: the database and who is asking. No HTTP, no tRPC. */
export interface UserCtx {
  db: Db;
  userId: string;
}

export interface WorkspaceCtx extends UserCtx {
  workspace: { id: string; slug: string; name: string };
  role: Role;
}
