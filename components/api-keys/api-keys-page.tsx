"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { CopyField } from "./copy-field";

const when = (d: Date | string | null) => (d ? new Date(d).toLocaleString() : "—");

export function ApiKeysPage({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const keys = useQuery({ ...trpc.apiKeys.list.queryOptions({ workspace }), enabled: can("apikeys:manage") });
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string; prefix: string } | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (key) => {
        setCreated({ name: key.name, key: key.key });
        notify.success(`Key “${key.name}” created`, "Copy it now: it is shown only once.");
        setName("");
        await invalidate();
      },
    }),
  );
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        notify.success(`Key “${revoking?.name}” revoked`);
        setRevoking(null);
        await invalidate();
      },
    }),
  );

  return (
    <div className="space-y-8">
      <PageHeader
        title="API keys"
        description="Keys for your backend to call the hosted API. Each key belongs to this workspace and is stored only as a hash."
        className="items-end"
        actions={
          <Link href={`/${workspace}/api-reference`} className="text-sm font-medium text-brand-700 hover:underline">
            API reference →
          </Link>
        }
      />

      {!can("apikeys:manage") ? (
        <EmptyState icon={<KeyRound />} title="Only owners and admins manage API keys">
          Ask an owner or admin of this workspace for a key.
        </EmptyState>
      ) : (
        <>
          <Card>
            <CardHeader>
              <CardTitle>Create a key</CardTitle>
              <CardDescription>The key is shown once, right after you create it. Store it in your backend&apos;s secrets.</CardDescription>
            </CardHeader>
            <CardContent className="space-y-4">
              <form
                className="flex flex-wrap items-end gap-3"
                onSubmit={(e) => {
                  e.preventDefault();
                  create.mutate({ workspace, name });
                }}
              >
                <div className="min-w-64 flex-1">
                  <FormField label="Key name" hint="What uses it, e.g. “Website backend”">
                    {(field) => <Input {...field} value={name} onChange={(e) => setName(e.target.value)} placeholder="Website backend" maxLength={80} />}
                  </FormField>
                </div>
                <Button type="submit" disabled={create.isPending || !name.trim()}>
                  {create.isPending ? "Creating…" : "Create key"}
                </Button>
              </form>
              <FormError>{create.isError ? errorMessage(create.error) : null}</FormError>
              {created ? (
                <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3" data-testid="new-api-key">
                  <p className="text-sm font-medium text-amber-900">Copy “{created.name}” now: it will not be shown again.</p>
                  <CopyField value={created.key} label="New API key" />
                </div>
              ) : null}
            </CardContent>
          </Card>

          {keys.isPending ? (
            <div className="h-32 animate-pulse rounded-card bg-zinc-100" />
          ) : keys.isError ? (
            <FormError>{errorMessage(keys.error)}</FormError>
          ) : keys.data.length === 0 ? (
            <EmptyState icon={<KeyRound />} title="No API keys yet">
              Create one above, then call <code>POST /api/v1/conversations</code> with it.
            </EmptyState>
          ) : (
            <Table data-testid="api-keys-table">
              <THead>
                <tr>
                  <Th>Name</Th>
                  <Th>Key</Th>
                  <Th>Created</Th>
                  <Th>Last used</Th>
                  <Th>Limit</Th>
                  <Th className="w-px" />
                </tr>
              </THead>
              <TBody>
                {keys.data.map((k) => (
                  <tr key={k.id} data-testid="api-key-row">
                    <Td className="font-medium">{k.name}</Td>
                    <Td>
                      <code className="text-xs">{k.prefix}…</code>
                    </Td>
                    <Td className="text-zinc-600">
                      {when(k.createdAt)}
                      {k.createdBy ? <span className="block text-xs text-zinc-500">by {k.createdBy}</span> : null}
                    </Td>
                    <Td className="text-zinc-600">{when(k.lastUsedAt)}</Td>
                    <Td className="text-zinc-600">{k.rateLimitPerMinute}/min</Td>
                    <Td className="text-right">
                      {k.revokedAt ? (
                        <Badge>Revoked</Badge>
                      ) : (
                        <Button variant="destructive-outline" size="sm" onClick={() => setRevoking(k)}>
                          Revoke
                        </Button>
                      )}
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </>
      )}

      <ConfirmDialog
        open={revoking !== null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        title={`Revoke ${revoking?.name ?? "key"}?`}
        description={`Requests with ${revoking?.prefix ?? "this key"}… fail with 401 from now on. This cannot be undone.`}
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
        onConfirm={() => revoking && revoke.mutate({ workspace, keyId: revoking.id })}
      />
    </div>
  );
}
