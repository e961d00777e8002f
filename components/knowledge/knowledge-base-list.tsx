"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BookOpen, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { QueryView } from "@/components/ui/query-view";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { errorMessage, serverFieldErrors } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

/** The workspace's knowledge bases; builders create them here and open one to upload documents. */
export function KnowledgeBaseList({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const can = useCan(workspace);
  const list = useQuery(trpc.knowledge.list.queryOptions({ workspace }));
  const [creating, setCreating] = useState(false);

  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-zinc-900">Knowledge</h1>
          <p className="text-sm text-zinc-500">Help articles and policies your agents answer from, with citations.</p>
        </div>
        {can("knowledge:write") ? (
          <Button onClick={() => setCreating(true)}>
            <Plus /> New knowledge base
          </Button>
        ) : null}
      </header>
      <QueryView
        query={list}
        empty={
          <EmptyState icon={<BookOpen />} title="No knowledge bases yet">
            Create one, then upload PDF, Word, HTML, Markdown, text or CSV files, or import a page by its URL.
          </EmptyState>
        }
      >
        {(knowledgeBases) => (
          <Table>
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Documents</Th>
                <Th>Updated</Th>
              </tr>
            </THead>
            <TBody>
              {knowledgeBases.map((kb) => (
                <tr key={kb.id} data-testid="knowledge-base-row">
                  <Td>
                    <Link href={`/${workspace}/knowledge/${kb.id}`} className="font-medium text-brand-700 hover:underline">
                      {kb.name}
                    </Link>
                    {kb.description ? <p className="text-xs text-zinc-500">{kb.description}</p> : null}
                  </Td>
                  <Td data-testid="knowledge-base-ready">
                    {kb.ready} of {kb.documents} ready
                  </Td>
                  <Td className="text-zinc-500">{new Date(kb.updatedAt).toLocaleString()}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </QueryView>
      <KnowledgeBaseDialog workspace={workspace} open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

/** Creates a knowledge base, or renames one when `existing` is given. */
export function KnowledgeBaseDialog({ workspace, open, onClose, existing }: { workspace: string; open: boolean; onClose: () => void; existing?: { id: string; name: string; description: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.knowledge.create.mutationOptions());
  const rename = useMutation(trpc.knowledge.rename.mutationOptions());
  const [name, setName] = useState(existing?.name ?? "");
  const [description, setDescription] = useState(existing?.description ?? "");
  const mutation = existing ? rename : create;
  const fieldErrors = serverFieldErrors(mutation.error);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      if (existing) await rename.mutateAsync({ workspace, knowledgeBaseId: existing.id, name, description });
      else await create.mutateAsync({ workspace, name, description });
    } catch {
      return; // shown from the mutation's error below
    }
    await queryClient.invalidateQueries({ queryKey: trpc.knowledge.list.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.knowledge.get.queryKey() });
    if (!existing) setName("");
    onClose();
  }

  return (
    <Dialog open={open} onClose={onClose} title={existing ? "Rename knowledge base" : "New knowledge base"}>
      <form onSubmit={submit} noValidate className="space-y-4" data-testid="knowledge-base-form">
        <FormError>{mutation.isError && !fieldErrors.name ? errorMessage(mutation.error) : null}</FormError>
        <FormField label="Name" error={fieldErrors.name}>
          {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} placeholder="Help center" />}
        </FormField>
        <FormField label="Description" error={fieldErrors.description}>
          {(p) => <Input {...p} value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What it covers" />}
        </FormField>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? "Saving…" : existing ? "Save" : "Create knowledge base"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
