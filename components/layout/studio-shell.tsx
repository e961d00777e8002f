"use client";

import { useQuery } from "@tanstack/react-query";
import { SearchX } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Toaster } from "@/components/ui/toaster";
import { errorCode, errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { StudioHeader } from "./studio-header";

/** Header plus the workspace gate: a workspace the caller is not in is "not found", never a half-rendered page. */
export function StudioShell({ workspace, children }: { workspace: string; children: React.ReactNode }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.workspaces.get.queryOptions({ workspace }));

  let body: React.ReactNode;
  if (current.isPending) {
    body = <div className="h-40 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  } else if (current.isError) {
    body =
      errorCode(current.error) === "NOT_FOUND" ? (
        <EmptyState
          icon={<SearchX />}
          title="Workspace not found"
          action={
            <Link href="/" className={buttonVariants({ variant: "secondary" })}>
              Go to your workspaces
            </Link>
          }
          data-testid="workspace-not-found"
        >
          There is no workspace at this address, or you are not a member of it. Ask an admin of the workspace for an invite link.
        </EmptyState>
      ) : (
        <EmptyState title="Could not load this workspace">{errorMessage(current.error)}</EmptyState>
      );
  } else {
    body = children;
  }

  return (
    <div className="min-h-screen">
      <StudioHeader workspace={workspace} found={current.isSuccess} />
      <main className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">{body}</main>
      <Toaster />
    </div>
  );
}
