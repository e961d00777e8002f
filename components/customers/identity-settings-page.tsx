"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CopyField } from "@/components/api-keys/copy-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { notify } from "@/components/ui/toaster";
import { type MemoryKind, memoryKindLabels, memoryKinds, type MemorySettings } from "@/lib/schemas/customers";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

/** Settings › Identity & memory: the identity secret the brand signs widget tokens with, and which facts the agent keeps. */
export function IdentitySettingsPage({ workspace }: { workspace: string }) {
  const can = useCan(workspace);
  if (!can("customers:manage")) return <EmptyState title="Only owners and admins manage identity and memory">Ask an admin of this workspace.</EmptyState>;
  return (
    <div className="space-y-6">
      <PageHeader title="Identity & memory" description="Let your site tell the agent who is signed in, and decide what the agent may remember about customers." />
      <IdentitySecretCard workspace={workspace} />
      <MemorySettingsCard workspace={workspace} />
    </div>
  );
}

function IdentitySecretCard({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.customers.identitySecret.queryOptions({ workspace }));
  const [confirming, setConfirming] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const rotate = useMutation(
    trpc.customers.rotateIdentitySecret.mutationOptions({
      onSuccess: async (data) => {
        setShown(data.secret);
        setConfirming(false);
        notify.success("Identity secret generated");
        await queryClient.invalidateQueries({ queryKey: trpc.customers.identitySecret.queryKey() });
      },
    }),
  );
  return (
    <Card data-testid="identity-secret">
      <CardHeader>
        <CardTitle>Identity secret</CardTitle>
        <CardDescription>
          Your server signs a short-lived identity token with this secret for a signed-in shopper; the widget sends it and the agent treats the shopper as verified. Keep it on
          your server. The agent&apos;s Widget page shows the code.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <QueryView query={status}>
          {(s) => (
            <>
              <CopyField value={s.workspaceId} label="Workspace id (the token's workspace / JWT aud)" />
              <p className="text-sm text-zinc-600" data-testid="identity-secret-status">
                {s.configured ? `A secret ending in …${s.hint} was generated ${new Date(s.rotatedAt!).toLocaleString()}.` : "No identity secret yet: widget identity tokens are refused."}
              </p>
              {shown ? (
                <div className="space-y-1">
                  <CopyField value={shown} label="New identity secret (shown once)" />
                  <p className="text-sm text-amber-700">Copy it now into your server&apos;s configuration: it is not shown again.</p>
                </div>
              ) : null}
              <Button variant={s.configured ? "secondary" : "primary"} onClick={() => (s.configured ? setConfirming(true) : rotate.mutate({ workspace }))} disabled={rotate.isPending}>
                {s.configured ? "Rotate secret" : "Generate secret"}
              </Button>
              <FormError>{rotate.isError ? errorMessage(rotate.error) : null}</FormError>
            </>
          )}
        </QueryView>
      </CardContent>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Rotate the identity secret?"
        description="Tokens signed with the current secret are refused from now on: update your server with the new one right away."
        confirmLabel="Rotate secret"
        pending={rotate.isPending}
        error={rotate.isError ? errorMessage(rotate.error) : null}
        onConfirm={() => rotate.mutate({ workspace })}
      />
    </Card>
  );
}

function MemorySettingsCard({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.customers.memorySettings.queryOptions({ workspace }));
  return (
    <Card data-testid="memory-settings">
      <CardHeader>
        <CardTitle>Memory</CardTitle>
        <CardDescription>
          Facts the agent may keep about an identified customer and recall in their next conversations (e.g. a greeting with {"{{memory.preferred_name}}"}). Off until you turn a
          kind on. Memory never verifies anyone and never decides a policy.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <QueryView query={settings}>{(s) => <MemoryForm workspace={workspace} initial={s} />}</QueryView>
      </CardContent>
    </Card>
  );
}

function MemoryForm({ workspace, initial }: { workspace: string; initial: MemorySettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(initial);
  const save = useMutation(
    trpc.customers.saveMemorySettings.mutationOptions({
      onSuccess: async () => {
        notify.success("Memory settings saved");
        await queryClient.invalidateQueries({ queryKey: trpc.customers.memorySettings.queryKey() });
      },
    }),
  );
  const set = (kind: MemoryKind, patch: Partial<MemorySettings[MemoryKind]>) => setForm((f) => ({ ...f, [kind]: { ...f[kind], ...patch } }));
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ workspace, ...form });
      }}
    >
      {memoryKinds.map((kind) => (
        <div key={kind} className="flex flex-wrap items-center gap-3" data-testid={`memory-kind-${kind}`}>
          <label className="flex w-56 items-center gap-2 text-sm font-medium text-zinc-800">
            <input type="checkbox" checked={form[kind].enabled} onChange={(e) => set(kind, { enabled: e.target.checked })} />
            {memoryKindLabels[kind]} <code className="text-xs text-zinc-500">{kind}</code>
          </label>
          <label className="flex items-center gap-2 text-sm text-zinc-600">
            keep for
            <Input
              type="number"
              min={1}
              max={3650}
              className="w-24"
              aria-label={`Days to keep ${memoryKindLabels[kind]}`}
              value={form[kind].days}
              onChange={(e) => set(kind, { days: Number(e.target.value) })}
              disabled={!form[kind].enabled}
            />
            days
          </label>
        </div>
      ))}
      <FormError>{save.isError ? errorMessage(save.error) : null}</FormError>
      <Button type="submit" disabled={save.isPending}>
        Save memory settings
      </Button>
    </form>
  );
}
