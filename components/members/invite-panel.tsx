"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, Copy, Link2 } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { type Role, roleLabels } from "@/server/authz/permissions";

const optionalEmail = z.union([z.literal(""), z.email("Enter a valid email address, or leave it empty")]);

export function InvitePanel({ workspace, roles }: { workspace: string; roles: Role[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invites = useQuery(trpc.members.invites.queryOptions({ workspace }));
  const [role, setRole] = useState<Role>(roles.includes("builder") ? "builder" : (roles[0] ?? "viewer"));
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | undefined>();
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<{ id: string; label: string } | null>(null);

  const invalidateInvites = () => queryClient.invalidateQueries({ queryKey: trpc.members.invites.queryKey() });
  const create = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: async ({ token }) => {
        setLink(`${window.location.origin}/invite/${token}`);
        notify.success("Invite link created", "Send it to your teammate: it is shown only once.");
        setCopied(false);
        setEmail("");
        await invalidateInvites();
      },
    }),
  );
  const revoke = useMutation(
    trpc.members.revokeInvite.mutationOptions({
      onSuccess: async () => {
        notify.success("Invite revoked");
        setRevoking(null);
        await invalidateInvites();
      },
    }),
  );

  function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const parsed = optionalEmail.safeParse(email.trim());
    if (!parsed.success) {
      setEmailError(parsed.error.issues[0]?.message);
      return;
    }
    setEmailError(undefined);
    create.mutate({ workspace, role, email: parsed.data || undefined });
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // Clipboard access can be denied (e.g. insecure origin); the link stays selectable.
      setCopied(false);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Invite people</CardTitle>
        <CardDescription>Create a link that adds whoever opens it to this workspace with the role you choose. Links expire after 7 days.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        <form onSubmit={onSubmit} noValidate className="grid items-start gap-4 sm:grid-cols-[10rem_1fr_auto]" data-testid="invite-form">
          <FormField label="Role for the new member">
            {(p) => (
              <Select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)} name="role">
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {roleLabels[r]}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="Email (optional)" error={emailError} hint="Only this address can accept the invite.">
            {(p) => <Input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="teammate@brand.com" />}
          </FormField>
          <Button type="submit" className="sm:mt-6" disabled={create.isPending}>
            <Link2 />
            {create.isPending ? "Creating…" : "Create invite link"}
          </Button>
        </form>
        <FormError>{create.isError ? errorMessage(create.error) : null}</FormError>

        {link ? (
          <div className="space-y-2 rounded-md border border-brand-100 bg-brand-50 p-3">
            <p className="text-sm text-zinc-700">Send this link to your teammate. It is shown only once.</p>
            <div className="flex gap-2">
              <Input readOnly value={link} data-testid="invite-link" onFocus={(e) => e.currentTarget.select()} className="font-mono text-xs" aria-label="Invite link" />
              <Button variant="secondary" onClick={copy}>
                {copied ? <Check /> : <Copy />}
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
          </div>
        ) : null}

        <div>
          <h3 className="mb-2 text-sm font-medium text-zinc-800">Open invites</h3>
          {invites.isPending ? (
            <div className="h-10 animate-pulse rounded bg-zinc-100" />
          ) : invites.isError ? (
            <FormError>{errorMessage(invites.error)}</FormError>
          ) : invites.data.length === 0 ? (
            <p className="text-sm text-zinc-500">No open invites. Links you create appear here until they are used, revoked or expire.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200" data-testid="open-invites">
              {invites.data.map((invite) => (
                <li key={invite.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                  <div className="flex min-w-0 items-center gap-2">
                    <Badge>{roleLabels[invite.role]}</Badge>
                    <span className="truncate text-zinc-700">{invite.email ?? "Anyone with the link"}</span>
                    <span className="text-xs text-zinc-500">expires {invite.expiresAt.toLocaleDateString()}</span>
                  </div>
                  <Button
                    variant="ghost"
                    size="sm"
                    className="text-red-700 hover:bg-red-50"
                    onClick={() => setRevoking({ id: invite.id, label: `${roleLabels[invite.role]} invite${invite.email ? ` for ${invite.email}` : ""}` })}
                  >
                    Revoke
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </CardContent>

      <ConfirmDialog
        open={revoking !== null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        title="Revoke invite?"
        description={`The ${revoking?.label ?? "invite"} link will stop working. Anyone who already joined keeps their access.`}
        confirmLabel="Revoke invite"
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
        onConfirm={() => revoking && revoke.mutate({ workspace, inviteId: revoking.id })}
      />
    </Card>
  );
}
