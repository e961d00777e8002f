"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, BookOpen, FileText, Link2, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { errorCode, errorMessage } from "@/lib/form-errors";
import { notify } from "@/components/ui/toaster";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { AudienceBadge, AudienceSelect } from "./audience";
import { DocumentStatus } from "./document-status";
import { KnowledgeBaseDialog } from "./knowledge-base-list";
import { SearchPanel } from "./search-panel";
import { UploadOutcome, UploadZone } from "./upload-zone";
import { useDocuments } from "./use-documents";

/** One knowledge base: upload and import, documents with their indexing progress, and a search test panel. */
export function KnowledgeBaseDetail({ workspace, knowledgeBaseId }: { workspace: string; knowledgeBaseId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const kb = useQuery(trpc.knowledge.get.queryOptions({ workspace, knowledgeBaseId }));
  const docs = useDocuments(workspace, knowledgeBaseId);
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deletingDoc, setDeletingDoc] = useState<{ id: string; title: string } | null>(null);
  const removeKb = useMutation(trpc.knowledge.delete.mutationOptions());
  const removeDoc = useMutation(trpc.knowledge.deleteDocument.mutationOptions());
  const base = `/${workspace}/knowledge`;

  if (kb.isPending) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (kb.isError) {
    return (
      <EmptyState icon={<BookOpen />} title={errorCode(kb.error) === "NOT_FOUND" ? "Knowledge base not found" : "Could not load this knowledge base"}>
        {errorMessage(kb.error)}
      </EmptyState>
    );
  }
  const writable = can("knowledge:write");

  return (
    <div className="flex flex-col gap-5">
      <Link href={base} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="size-4" /> All knowledge bases
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-zinc-900">{kb.data.name}</h1>
          {kb.data.description ? <p className="text-sm text-zinc-500">{kb.data.description}</p> : null}
        </div>
        {writable ? (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setRenaming(true)}>
              <Pencil /> Rename
            </Button>
            <Button variant="destructive-outline" onClick={() => setDeleting(true)}>
              <Trash2 /> Delete
            </Button>
          </div>
        ) : null}
      </header>

      {writable ? (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)]">
          <UploadZone workspace={workspace} knowledgeBaseId={knowledgeBaseId} />
          <ImportUrl workspace={workspace} knowledgeBaseId={knowledgeBaseId} />
        </div>
      ) : null}

      <section className="flex flex-col gap-2" aria-label="Documents">
        <h2 className="text-sm font-semibold text-zinc-900">Documents</h2>
        {docs.isPending ? (
          <div className="h-24 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
        ) : docs.isError ? (
          <FormError>{errorMessage(docs.error)}</FormError>
        ) : docs.data.length === 0 ? (
          <EmptyState icon={<FileText />} title="No documents yet">
            Upload files above or import a page by its URL; they are indexed in the background.
          </EmptyState>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Document</Th>
                <Th>Audience</Th>
                <Th>Status</Th>
                <Th>Chunks</Th>
                <Th>Version</Th>
                <Th className="sr-only">Actions</Th>
              </tr>
            </THead>
            <TBody>
              {docs.data.map((d) => (
                <tr key={d.id} data-testid="document-row" data-title={d.title}>
                  <Td>
                    <Link href={`${base}/${knowledgeBaseId}/documents/${d.id}`} className="font-medium text-brand-700 hover:underline">
                      {d.title}
                    </Link>
                    <p className="text-xs text-zinc-500">
                      {d.sourceUrl ?? d.filename} · {(d.sizeBytes / 1024).toFixed(0)} KB{d.pageCount ? ` · ${d.pageCount} pages` : ""}
                    </p>
                  </Td>
                  <Td>{writable ? <AudienceSelect workspace={workspace} document={d} /> : <AudienceBadge audience={d.audience} />}</Td>
                  <Td>
                    <DocumentStatus {...d} />
                  </Td>
                  <Td className="tabular-nums" data-testid="document-chunks">
                    {d.chunks}
                  </Td>
                  <Td className="text-xs text-zinc-500">
                    {d.activeVersion ? `v${d.activeVersion}` : "–"}
                    {d.pendingVersion ? ` → v${d.pendingVersion}` : ""}
                  </Td>
                  <Td className="text-right">
                    {writable ? (
                      <Button variant="ghost" size="icon" aria-label={`Delete ${d.title}`} onClick={() => setDeletingDoc({ id: d.id, title: d.title })}>
                        <Trash2 />
                      </Button>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <SearchPanel workspace={workspace} scope={{ knowledgeBaseIds: [knowledgeBaseId] }} />

      {renaming ? <KnowledgeBaseDialog workspace={workspace} open onClose={() => setRenaming(false)} existing={kb.data} /> : null}
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={`Delete ${kb.data.name}?`}
        description="Its documents and their index are deleted. Agents using it stop answering from it."
        confirmLabel="Delete knowledge base"
        pending={removeKb.isPending}
        error={removeKb.isError ? errorMessage(removeKb.error) : null}
        onConfirm={() =>
          removeKb.mutate(
            { workspace, knowledgeBaseId },
            {
              onSuccess: async () => {
                await queryClient.invalidateQueries({ queryKey: trpc.knowledge.list.queryKey() });
                router.push(base);
              },
            },
          )
        }
      />
      <ConfirmDialog
        open={!!deletingDoc}
        onClose={() => setDeletingDoc(null)}
        title={`Delete ${deletingDoc?.title ?? "document"}?`}
        description="The document and all its chunks are removed from the index."
        confirmLabel="Delete document"
        pending={removeDoc.isPending}
        error={removeDoc.isError ? errorMessage(removeDoc.error) : null}
        onConfirm={() =>
          deletingDoc &&
          removeDoc.mutate(
            { workspace, documentId: deletingDoc.id },
            {
              onSuccess: async () => {
                notify.success(`${deletingDoc.title} deleted`);
                setDeletingDoc(null);
                await queryClient.invalidateQueries({ queryKey: trpc.knowledge.documents.queryKey() });
              },
            },
          )
        }
      />
    </div>
  );
}

function ImportUrl({ workspace, knowledgeBaseId }: { workspace: string; knowledgeBaseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState("");
  const importUrl = useMutation(trpc.knowledge.importUrl.mutationOptions());
  return (
    <form
      className="flex flex-col gap-2 rounded-card border border-zinc-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        importUrl.mutate(
          { workspace, knowledgeBaseId, url: url.trim() },
          {
            onSuccess: async () => {
              setUrl("");
              await queryClient.invalidateQueries({ queryKey: trpc.knowledge.documents.queryKey() });
            },
          },
        );
      }}
    >
      <label htmlFor="import-url" className="flex items-center gap-1 text-sm font-medium text-zinc-900">
        <Link2 className="size-4" /> Import a page by URL
      </label>
      <div className="flex gap-2">
        <Input id="import-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/help/returns" />
        <Button type="submit" variant="secondary" disabled={!url.trim() || importUrl.isPending}>
          {importUrl.isPending ? "Fetching…" : "Import"}
        </Button>
      </div>
      <p className="text-xs text-zinc-500">Public pages only; navigation and footers are dropped. Importing the same URL again updates it.</p>
      {importUrl.isError ? <FormError>{errorMessage(importUrl.error)}</FormError> : null}
      {importUrl.data ? <UploadOutcome workspace={workspace} knowledgeBaseId={knowledgeBaseId} result={importUrl.data} /> : null}
    </form>
  );
}
