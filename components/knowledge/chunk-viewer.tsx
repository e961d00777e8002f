"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, FileText } from "lucide-react";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { errorCode, errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { DocumentStatus } from "./document-status";

/** A document's chunks as the index holds them: section path, text, and a search across them. */
export function ChunkViewer({ workspace, knowledgeBaseId, documentId }: { workspace: string; knowledgeBaseId: string; documentId: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const query = useQuery({ ...trpc.knowledge.chunks.queryOptions({ workspace, documentId, search: deferred }), placeholderData: (prev) => prev });
  const back = `/${workspace}/knowledge/${knowledgeBaseId}`;

  if (query.isPending) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (query.isError) {
    return (
      <EmptyState icon={<FileText />} title={errorCode(query.error) === "NOT_FOUND" ? "Document not found" : "Could not load this document"}>
        {errorMessage(query.error)}
      </EmptyState>
    );
  }
  const { document, chunks } = query.data;
  return (
    <div className="flex flex-col gap-4">
      <Link href={back} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="size-4" /> Back to the knowledge base
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-zinc-900">{document.title}</h1>
          <p className="text-sm text-zinc-500">
            {document.sourceUrl ?? document.filename}
            {document.activeVersion ? ` · version ${document.activeVersion}` : ""}
            {document.pageCount ? ` · ${document.pageCount} pages` : ""}
          </p>
        </div>
        <DocumentStatus status={document.status} progress={document.progress} error={document.error} />
      </header>
      <Input aria-label="Search chunks" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search this document's chunks" className="max-w-md" />
      {chunks.length === 0 ? (
        <EmptyState icon={<FileText />} title={deferred ? "No chunk contains that" : "No chunks yet"}>
          {deferred ? "Try another word." : "The document has not been indexed yet."}
        </EmptyState>
      ) : (
        <ol className="flex flex-col gap-2" data-testid="chunk-list">
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
