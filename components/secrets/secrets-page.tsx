"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState } from "react";
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

/** Write-only secrets: names and times are listed, values are never shown again (the server never sends them). */
export function SecretsPage({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const manage = can("secrets:manage");
  const list = useQuery({ ...trpc.secrets.list.queryOptions({ workspace }), enabled: manage });
  const [form, setForm] = useState({ name: "", value: "" });
  const [deleting, setDeleting] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.secrets.list.queryKey() });
  const set = useMutation(
    trpc.secrets.set.mutationOptions({
      onSuccess: async (_data, input) => {
        notify.success(`Secret ${input.name} saved`);
        setForm({ name: "", value: "" });
        await invalidate();
      },
    }),
  );
  const remove = useMutation(
    trpc.secrets.delete.mutationOptions({
      onSuccess: async () => {
        notify.success(`Secret ${deleting} deleted`);
        setDeleting(null);
        await invalidate();
      },
    }),
  );

  if (!manage) return <EmptyState title="Only owners and admins manage secrets">Ask an admin of this workspace to add or change secrets.</EmptyState>;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Secrets"
        description="Encrypted at rest and never shown again. Tools use them in headers as {{secret.NAME}}; the model settings use one as the API key."
      />
      <Card>
        <CardHeader>
          <CardTitle>Add or replace a secret</CardTitle>
          <CardDescription>Saving a name that exists replaces its value.</CardDescription>
        </CardHeader>
        <CardContent>
          <form
            className="grid gap-3 sm:grid-cols-[16rem_1fr_auto] sm:items-end"
            onSubmit={(e) => {
              e.preventDefault();
              set.mutate({ workspace, ...form });
            }}
          >
            <FormField label="Secret name">{(p) => <Input {...p} placeholder="STORE_API_KEY" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />}</FormField>
            <FormField label="Secret value">{(p) => <Input {...p} type="password" autoComplete="off" value={form.value} onChange={(e) => setForm({ ...form, value: e.target.value })} />}</FormField>
            <Button type="submit" disabled={set.isPending || !form.name || !form.value}>
              Save secret
            </Button>
          </form>
          <div className="mt-2">
            <FormError>{set.isError ? errorMessage(set.error) : null}</FormError>
          </div>
        </CardContent>
      </Card>
      {list.isPending ? (
        <div className="h-24 animate-pulse rounded-card bg-zinc-100" />
      ) : list.isError ? (
        <FormError>{errorMessage(list.error)}</FormError>
      ) : list.data.length === 0 ? (
        <EmptyState icon={<KeyRound />} title="No secrets yet">Add the API keys your tools and model provider need.</EmptyState>
      ) : (
        <Table data-testid="secrets-table">
          <THead>
            <tr>
              <Th>Name</Th>
              <Th>Value</Th>
              <Th>Updated</Th>
              <Th className="w-px" />
            </tr>
          </THead>
          <TBody>
            {list.data.map((s) => (
              <tr key={s.name} data-testid="secret-row">
                <Td className="font-mono text-sm">{s.name}</Td>
                <Td className="text-zinc-500"><span aria-hidden>••••••••</span><span className="sr-only">Hidden</span></Td>
                <Td className="text-sm text-zinc-600">{new Date(s.updatedAt).toLocaleString()}</Td>
                <Td>
                  <Button variant="ghost" size="sm" className="text-red-700" onClick={() => setDeleting(s.name)}>
                    Delete
                  </Button>
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete ${deleting}?`}
        description="Tools and model settings that reference it stop working until you add it again."
        confirmLabel="Delete secret"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate({ workspace, name: deleting! })}
      />
    </div>
  );
}
