"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
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
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSettled: invalidateMembers }));
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: async () => {
        setRemoving(null);
        await invalidateMembers();
      },
    }),
  );

  const roleChoices = myRole ? assignableRoles(myRole) : [];
  // Only an owner may change or remove an owner (the server enforces it; the UI does not offer it).
  const canEdit = (m: Member) => manage && (m.role !== "owner" || myRole === "owner");

  return (
    <div className="space-y-8">
      <PageHeader
        title="Members"
        description={manage ? "Who can work in this workspace, and what their role lets them do." : "Who works in this workspace. Only owners and admins can change members."}
      />

      <FormError>{changeRole.isError ? errorMessage(changeRole.error) : null}</FormError>

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
                  {m.userId === me.data?.id ? <span className="ml-2 text-xs font-normal text-zinc-400">(you)</span> : null}
                </Td>
                <Td className="text-zinc-600">{m.email}</Td>
                <Td>
                  {canEdit(m) ? (
                    <Select
                      aria-label={`Role of ${m.name}`}
                      className="h-8 w-40"
                      value={m.role}
                      disabled={changeRole.isPending}
                      onChange={(e) => changeRole.mutate({ workspace, userId: m.userId, role: e.target.value as Role })}
                    >
                      {(roleChoices.includes(m.role) ? roleChoices : [m.role, ...roleChoices]).map((r) => (
                        <option key={r} value={r}>
                          {roleLabels[r]}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    <Badge variant={m.role === "owner" ? "brand" : "neutral"}>{roleLabels[m.role]}</Badge>
                  )}
                </Td>
                {manage ? (
                  <Td className="text-right">
                    {canEdit(m) ? (
                      <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={() => setRemoving(m)}>
                        Remove
                      </Button>
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
