"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MoreHorizontal, UserMinus } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { FormError } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { assignableRoles, type Role, roleLabels } from "@/server/authz/permissions";
import { InvitePanel } from "./invite-panel";

interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

export function MembersPage({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const current = useQuery(trpc.workspaces.get.queryOptions({ workspace }));
  const me = useQuery(trpc.account.me.queryOptions());
  const members = useQuery(trpc.members.list.queryOptions({ workspace }));
  const [removing, setRemoving] = useState<Member | null>(null);
  const manage = can("members:manage");
  const myRole = current.data?.role;

  const invalidateMembers = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  const changeRole = useMutation(
    trpc.members.changeRole.mutationOptions({
      onSuccess: (_data, input) => {
        const member = members.data?.find((m) => m.userId === input.userId);
        notify.success(`${member?.name ?? "The member"} is now ${roleLabels[input.role]}`);
      },
      onError: (error) => notify.failure(error, "The role was not changed"),
      onSettled: invalidateMembers,
    }),
  );
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: async () => {
        notify.success(`${removing?.name ?? "The member"} removed from the workspace`);
        setRemoving(null);
        await invalidateMembers();
      },
    }),
  );

  const roleChoices = myRole ? assignableRoles(myRole) : [];
  // Only an owner may change or remove an owner (the server enforces it; the UI does not offer it). Your own
  // role is never a control on this page: changing it by mistake would lock you out of what you were doing.
  const canEdit = (m: Member) => manage && m.userId !== me.data?.id && (m.role !== "owner" || myRole === "owner");

  return (
    <div className="space-y-8">
      <PageHeader
        title="Members"
        description={manage ? "Who can work in this workspace, and what their role lets them do." : "Who works in this workspace. Only owners and admins can change members."}
      />

      {members.isPending ? (
        <div className="h-32 animate-pulse rounded-card bg-zinc-100" />
      ) : members.isError ? (
        <FormError>{errorMessage(members.error)}</FormError>
      ) : (
        <Table data-testid="members-table">
          <THead>
            <tr>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th>Role</Th>
              {manage ? <Th className="w-px" /> : null}
            </tr>
          </THead>
          <TBody>
            {members.data.map((m) => (
              <tr key={m.userId} data-testid="member-row">
                <Td className="font-medium">
                  {m.name}
                  {m.userId === me.data?.id ? <span className="ml-2 text-xs font-normal text-zinc-500">(you)</span> : null}
                </Td>
                <Td className="text-zinc-600">{m.email}</Td>
                <Td>
                  <Badge variant={m.role === "owner" ? "brand" : "neutral"} data-testid="member-role">
                    {roleLabels[m.role]}
                  </Badge>
                </Td>
                {manage ? (
                  <Td className="text-right">
                    {canEdit(m) ? (
                      <DropdownMenu>
                        <DropdownMenuTrigger asChild>
                          <Button variant="ghost" size="icon" aria-label={`Manage ${m.name}`} disabled={changeRole.isPending}>
                            <MoreHorizontal />
                          </Button>
                        </DropdownMenuTrigger>
                        <DropdownMenuContent>
                          <DropdownMenuLabel>Role</DropdownMenuLabel>
                          <DropdownMenuRadioGroup
                            value={m.role}
                            onValueChange={(role) => changeRole.mutate({ workspace, userId: m.userId, role: role as Role })}
                          >
                            {(roleChoices.includes(m.role) ? roleChoices : [m.role, ...roleChoices]).map((r) => (
                              <DropdownMenuRadioItem key={r} value={r}>
                                {roleLabels[r]}
                              </DropdownMenuRadioItem>
                            ))}
                          </DropdownMenuRadioGroup>
                          <DropdownMenuSeparator />
                          <DropdownMenuItem variant="destructive" onSelect={() => setRemoving(m)}>
                            <UserMinus />
                            Remove from workspace
                          </DropdownMenuItem>
                        </DropdownMenuContent>
                      </DropdownMenu>
                    ) : null}
                  </Td>
                ) : null}
              </tr>
            ))}
          </TBody>
        </Table>
      )}

      {manage && myRole ? <InvitePanel workspace={workspace} roles={roleChoices} /> : null}

      <ConfirmDialog
        open={removing !== null}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
        title={`Remove ${removing?.name ?? "member"}?`}
        description={`${removing?.email ?? "They"} will lose access to this workspace immediately. You can invite them again later.`}
        confirmLabel="Remove member"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => removing && remove.mutate({ workspace, userId: removing.userId })}
      />
    </div>
  );
}
