"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { CopyField } from "@/components/api-keys/copy-field";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

const statusClass: Record<string, string> = {
  delivered: "bg-emerald-50 text-emerald-800",
  pending: "bg-amber-50 text-amber-800",
  failed: "bg-red-50 text-red-800",
};

/** The escalation webhook: URL, a signing secret shown once, and every delivery with its attempts. */
export function WebhookCard({ workspace, agentId, canEdit }: { workspace: string; agentId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hook = useQuery(trpc.releases.webhook.queryOptions({ workspace, agentId }));
  // Deliveries change in the background (retries): poll while the page is open.
  const deliveries = useQuery({ ...trpc.releases.deliveries.queryOptions({ workspace, agentId }), refetchInterval: 5000 });
  const [url, setUrl] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.releases.webhook.queryKey({ workspace, agentId }) });
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const save = useMutation(
    trpc.releases.setWebhook.mutationOptions({
      onSuccess: async (r, input) => {
        notify.success(input.rotateSecret ? "Signing secret rotated" : "Webhook saved", r.secret ? "Copy the signing secret now: it is shown only once." : undefined);
        if (r.secret) setSecret(r.secret);
        setUrl(null);
        await invalidate();
      },
    }),
  );
  const remove = useMutation(
    trpc.releases.removeWebhook.mutationOptions({
      onSuccess: async () => {
        notify.success("Webhook removed");
        setConfirmingRemove(false);
        await invalidate();
      },
    }),
  );
  const value = url ?? hook.data?.url ?? "";

  return (
    <Card data-testid="webhook-card">
      <CardHeader>
        <CardTitle>Escalation webhook</CardTitle>
        <CardDescription>
          When a conversation is handed off to a person (any channel), Switchback POSTs its structured summary to your endpoint, signed with HMAC-SHA256 in
          <code className="mx-1">X-Switchback-Signature: t=…,v1=…</code>
          (over <code>t.body</code>), and retries failures with exponential backoff (5 attempts).
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {canEdit ? (
          <form
            className="flex flex-wrap items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ workspace, agentId, url: value });
            }}
          >
            <div className="min-w-72 flex-1">
              <FormField label="Endpoint URL">
                {(field) => <Input {...field} type="url" value={value} placeholder="https://example.com/hooks/switchback" onChange={(e) => setUrl(e.target.value)} />}
              </FormField>
            </div>
            <Button type="submit" disabled={save.isPending || !value}>
              Save webhook
            </Button>
            {hook.data ? (
              <>
                <Button variant="secondary" disabled={save.isPending} onClick={() => save.mutate({ workspace, agentId, url: hook.data!.url, rotateSecret: true })}>
                  Rotate secret
                </Button>
                <Button variant="ghost" onClick={() => setConfirmingRemove(true)}>
                  Remove
                </Button>
              </>
            ) : null}
          </form>
        ) : (
          <p className="text-sm text-zinc-600">{hook.data ? `Posting to ${hook.data.url}` : "No webhook is configured."}</p>
        )}
        <FormError>{save.isError ? errorMessage(save.error) : null}</FormError>
        {secret ? (
          <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3" data-testid="webhook-secret">
            <p className="text-sm font-medium text-amber-900">Signing secret: copy it now, it will not be shown again.</p>
            <CopyField value={secret} label="Webhook signing secret" />
          </div>
        ) : null}

        {deliveries.data && deliveries.data.length > 0 ? (
          <Table data-testid="webhook-deliveries">
            <THead>
              <tr>
                <Th>Event</Th>
                <Th>Status</Th>
                <Th>Attempts</Th>
                <Th>Last answer</Th>
                <Th>When</Th>
              </tr>
            </THead>
            <TBody>
              {deliveries.data.map((d) => (
                <tr key={d.id} data-testid="webhook-delivery" data-status={d.status}>
                  <Td>
                    <span className="font-mono text-xs">{d.event}</span>
                    {d.conversationId ? (
                      <Link className="block text-xs text-brand-700 hover:underline" href={`conversations/${d.conversationId}`}>
                        conversation
                      </Link>
                    ) : null}
                  </Td>
                  <Td>
                    <Badge className={statusClass[d.status]}>{d.status}</Badge>
                  </Td>
                  <Td>{d.attempts}</Td>
                  <Td className="max-w-xs text-xs text-zinc-600">
                    {d.responseStatus ? `HTTP ${d.responseStatus}` : null}
                    {d.lastError ? <span className="block text-red-700">{d.lastError}</span> : null}
                    {d.nextAttemptAt && d.status === "pending" ? <span className="block">next try {new Date(d.nextAttemptAt).toLocaleTimeString()}</span> : null}
                  </Td>
                  <Td className="text-xs text-zinc-600">{new Date(d.createdAt).toLocaleString()}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        ) : (
          <p className="text-sm text-zinc-500">No deliveries yet.</p>
        )}
      </CardContent>
      <ConfirmDialog
        open={confirmingRemove}
        onClose={() => {
          setConfirmingRemove(false);
          remove.reset();
        }}
        title="Remove the escalation webhook?"
        description={`Handoffs stop being posted to ${hook.data?.url ?? "your endpoint"}. Deliveries already made stay listed.`}
        confirmLabel="Remove webhook"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate({ workspace, agentId })}
      />
    </Card>
  );
}
