"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { Permission } from "@/server/authz/permissions";

/**
 * `can(permission)` for the caller in `workspace`, from the permissions `workspaces.get` returns —
 * the server's role table is the single source. False until the workspace has loaded.
 */
export function useCan(workspace: string): (permission: Permission) => boolean {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.workspaces.get.queryOptions({ workspace }));
  return useCallback((permission: Permission) => data?.permissions.includes(permission) ?? false, [data]);
}
