"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MailX } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-field";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { roleLabels } from "@/server/authz/permissions";

export function AcceptInvite({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const invite = useQuery(trpc.members.describeInvite.queryOptions({ token }));
  const accept = useMutation(
    trpc.members.acceptInvite.mutationOptions({
      onSuccess: async ({ slug }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
        router.push(`/${slug}`);
      },
    }),
  );

  if (invite.isPending) {
    return <Card className="h-40 animate-pulse" aria-busy="true" />;
  }

  if (invite.isError) {
    return (
      <Card data-testid="invite-invalid">
        <CardContent className="flex flex-col items-center py-10 text-center">
          <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-zinc-100 text-zinc-500">
            <MailX className="size-5" />
          </div>
          <h1 className="text-base font-semibold">This invite link is no longer valid</h1>
          <p className="mt-1 max-w-sm text-sm text-zinc-500">
            It may have expired, been used already or been revoked. Ask a workspace admin for a new link.
          </p>
          <Link href="/" className={buttonVariants({ variant: "secondary", className: "mt-5" })}>
            Go to your workspaces
          </Link>
        </CardContent>
      </Card>
    );
  }

  const { workspaceName, role } = invite.data;
  return (
    <Card data-testid="invite-card">
      <CardHeader>
        <CardTitle>Join {workspaceName}</CardTitle>
        <CardDescription>
          You have been invited to the <span className="font-medium text-zinc-700">{workspaceName}</span> workspace as{" "}
          <span className="font-medium text-zinc-700" data-testid="invite-role">
            {roleLabels[role]}
          </span>
          .
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <FormError>{accept.isError ? errorMessage(accept.error) : null}</FormError>
        <div className="flex justify-end gap-2">
          <Link href="/" className={buttonVariants({ variant: "ghost" })}>
            Not now
          </Link>
          <Button onClick={() => accept.mutate({ token })} disabled={accept.isPending || accept.isSuccess}>
            {accept.isPending || accept.isSuccess ? "Joining…" : "Accept invite"}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
