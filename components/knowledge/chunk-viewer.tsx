"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, ExternalLink, FileText } from "lucide-react";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { errorCode, errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { AudienceBadge, AudienceSelect } from "./audience";
import { DocumentStatus } from "./document-status";
import { isIndexing } from "./use-documents";

const kb = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/**
 * A document: its source, audience and indexing status (followed live while it indexes), and its text
 * as the index holds it — the chunks in reading order with their section, searchable.
 */
export function ChunkViewer({ workspace, knowledgeBaseId, documentId }: { workspace: string; knowledgeBaseId: string; documentId: string }) {
  const trpc = useTRPC();
  const can = useCan(workspace);
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const doc = useQuery({
    ...trpc.knowledge.document.queryOptions({ workspace, documentId }),
    refetchInterval: (q) => (q.state.data && isIndexing(q.state.data.status) ? 1000 : false),
  });
  const indexing = !!doc.data && isIndexing(doc.data.status);
  const query = useQuery({
    ...trpc.knowledge.chunks.queryOptions({ workspace, documentId, search: deferred }),
    placeholderData: (prev) => prev,
    // The chunks appear when the version being indexed becomes the active one.
    refetchInterval: indexing ? 1000 : false,
  });
  const back = `/${workspace}/knowledge/${knowledgeBaseId}`;

  if (doc.isPending) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (doc.isError) {
    return (
      <EmptyState icon={<FileText />} title={errorCode(doc.error) === "NOT_FOUND" ? "Document not found" : "Could not load this document"}>
        {errorMessage(doc.error)}
      </EmptyState>
    );
  }
  const document = doc.data;
  const chunks = query.data?.chunks ?? [];
  return (
    <div className="flex flex-col gap-4" data-testid="document-page">
      <Link href={back} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="size-4" /> Back to the knowledge base
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h1 className="text-xl font-semibold text-zinc-900">{document.title}</h1>
          <p className="text-sm text-zinc-500" data-testid="document-source">
            {document.sourceUrl ? (
              <a href={document.sourceUrl} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-brand-700 hover:underline">
                {document.sourceUrl} <ExternalLink className="size-3" aria-hidden />
              </a>
            ) : (
              <>Uploaded file {document.filename}</>
            )}
            {` · ${kb(document.sizeBytes)}`}
            {document.activeVersion ? ` · version ${document.activeVersion}` : ""}
            {document.pendingVersion ? ` (version ${document.pendingVersion} indexing)` : ""}
            {document.pageCount ? ` · ${document.pageCount} pages` : ""}
            {document.chunksTotal != null && document.status === "ready" ? ` · ${document.chunksTotal} chunks` : ""}
          </p>
          <div className="flex items-center gap-2 text-sm text-zinc-600">
            <span>Audience</span>
            {can("knowledge:write") ? <AudienceSelect workspace={workspace} document={document} /> : <AudienceBadge audience={document.audience} />}
            <span className="text-xs text-zinc-500">{document.audience === "internal" ? "Never used to answer customers." : "Answers customers, with citations."}</span>
          </div>
        </div>
        <DocumentStatus {...document} />
      </header>
      <Input aria-label="Search chunks" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search this document's chunks" className="max-w-md" />
      {query.isError ? (
        <EmptyState icon={<FileText />} title="Could not load the chunks">
          {errorMessage(query.error)}
        </EmptyState>
      ) : query.isPending ? (
        <div className="h-48 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
      ) : chunks.length === 0 ? (
        <EmptyState icon={<FileText />} title={deferred ? "No chunk contains that" : document.status === "failed" ? "Indexing failed" : "No chunks yet"}>
          {deferred ? "Try another word." : document.status === "failed" ? (document.error ?? "Upload the file again once it is fixed.") : "The document is being indexed; its chunks appear here when it is ready."}
        </EmptyState>
      ) : (
        <ol className="flex flex-col gap-2" data-testid="chunk-list" aria-label="Chunks">
          {chunks.map((c) => (
            <li key={c.id} data-testid="chunk" className="rounded-card border border-zinc-200 bg-white p-3">
              <p className="mb-1 flex items-center justify-between gap-2 text-xs text-zinc-500">
                <span className="font-medium text-zinc-700">{c.sectionPath || "(no section)"}</span>
                <span className="tabular-nums">#{c.ordinal + 1}</span>
              </p>
              <p className="text-sm whitespace-pre-wrap text-zinc-800">{c.text}</p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
