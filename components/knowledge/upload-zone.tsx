"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { notify } from "@/components/ui/toaster";
import { Select } from "@/components/ui/select";
import { audienceLabels, type DocumentAudience, documentAudiences, MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES } from "@/lib/schemas/knowledge";
import { useTRPC } from "@/lib/trpc/client";
import { progressText } from "./document-status";
import { isIndexing, useDocuments } from "./use-documents";

interface UploadResult {
  filename: string;
  status: "queued" | "unchanged" | "rejected";
  documentId?: string;
  error?: string;
}

const ACCEPT = ".pdf,.docx,.html,.htm,.md,.markdown,.txt,.csv";

/** Drop or pick many files; each gets its own result line (queued, unchanged, or why it was refused). */
export function UploadZone({ workspace, knowledgeBaseId }: { workspace: string; knowledgeBaseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<UploadResult[]>([]);
  const [error, setError] = useState<string>();
  // Decided before the upload, so an internal playbook is never customer-facing, not even while it indexes.
  const [audience, setAudience] = useState<DocumentAudience>("customer");

  async function upload(list: FileList | File[]) {
    const files = Array.from(list);
    if (files.length === 0) return;
    setError(undefined);
    // Too-large files are refused here already, with the same words the server would use.
    const tooLarge = files.filter((f) => f.size > MAX_UPLOAD_BYTES).map((f): UploadResult => ({ filename: f.name, status: "rejected", error: `${f.name} is ${(f.size / 1024 / 1024).toFixed(1)} MB: files are limited to 25.0 MB` }));
    const send = files.filter((f) => f.size <= MAX_UPLOAD_BYTES);
    if (send.length > MAX_UPLOAD_FILES) {
      setError(`Upload at most ${MAX_UPLOAD_FILES} files at a time`);
      return;
    }
    setResults(tooLarge);
    if (send.length === 0) return;
    setBusy(true);
    try {
      const form = new FormData();
      form.set("workspace", workspace);
      form.set("knowledgeBaseId", knowledgeBaseId);
      form.set("audience", audience);
      for (const f of send) form.append("files", f, f.name);
      const res = await fetch("/api/knowledge/upload", { method: "POST", body: form });
      const body = (await res.json().catch(() => ({}))) as { results?: UploadResult[]; error?: { message: string } };
      if (!res.ok || !body.results) throw new Error(body.error?.message ?? `The upload failed (HTTP ${res.status})`);
      setResults([...tooLarge, ...body.results]);
      await queryClient.invalidateQueries({ queryKey: trpc.knowledge.documents.queryKey() });
    } catch (e) {
      setError((e as Error).message);
      notify.failure(e, "The upload failed");
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  }

  return (
    <div className="flex flex-col gap-2">
      <div
        data-testid="upload-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void upload(e.dataTransfer.files);
        }}
        className={cn("flex flex-col items-center gap-2 rounded-card border-2 border-dashed px-6 py-8 text-center text-sm", over ? "border-brand-500 bg-brand-50" : "border-zinc-300 bg-white")}
      >
        <Upload className="size-5 text-zinc-500" />
        <p className="text-zinc-700">Drop files here, or</p>
        <Button variant="secondary" size="sm" onClick={() => input.current?.click()} disabled={busy}>
          {busy ? "Uploading…" : "Choose files"}
        </Button>
        <input ref={input} type="file" multiple accept={ACCEPT} className="sr-only" aria-label="Upload documents" onChange={(e) => e.target.files && void upload(e.target.files)} />
        <p className="text-xs text-zinc-500">PDF, DOCX, HTML, Markdown, TXT or CSV · up to 25 MB each · {MAX_UPLOAD_FILES} files at a time</p>
        <label className="flex items-center gap-2 text-xs text-zinc-600">
          New documents are
          <Select value={audience} onChange={(e) => setAudience(e.target.value as DocumentAudience)} className="h-8 w-auto text-xs" aria-label="Audience of new documents">
            {documentAudiences.map((a) => (
              <option key={a} value={a}>
                {audienceLabels[a]}
              </option>
            ))}
          </Select>
        </label>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      {results.length ? (
        <ul className="flex flex-col gap-1 text-sm" data-testid="upload-results">
          {results.map((r, i) => (
            <li key={`${r.filename}-${i}`}>
              <UploadOutcome workspace={workspace} knowledgeBaseId={knowledgeBaseId} result={r} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * One uploaded (or imported) file's notice, following its document from queued through indexing to ready
 * or failed (with the reason), from the same polled query as the documents table; a toast says when it ends.
 */
export function UploadOutcome({ workspace, knowledgeBaseId, result }: { workspace: string; knowledgeBaseId: string; result: UploadResult }) {
  const docs = useDocuments(workspace, knowledgeBaseId);
  const doc = result.documentId ? docs.data?.find((d) => d.id === result.documentId) : undefined;
  const status = result.status === "queued" ? (doc?.status ?? "queued") : result.status;
  const previous = useRef(status);
  useEffect(() => {
    if (isIndexing(previous.current) && doc && !isIndexing(doc.status)) {
      if (doc.status === "ready") notify.success(`${result.filename} is ready`, `${doc.chunks} chunks indexed`);
      else if (doc.status === "failed") notify.failure(new Error(doc.error ?? "Indexing failed"), `${result.filename} could not be indexed`);
    }
    previous.current = status;
  }, [status, doc, result.filename]);

  const href = result.documentId ? `/${workspace}/knowledge/${knowledgeBaseId}/documents/${result.documentId}` : null;
  const name = href ? (
    <Link href={href} className="font-medium text-brand-700 hover:underline">
      {result.filename}
    </Link>
  ) : (
    result.filename
  );
  let text: React.ReactNode;
  if (result.status === "rejected") text = result.error;
  else if (result.status === "unchanged") text = <>{name}: already indexed, unchanged</>;
  else if (status === "ready") text = <>{name}: ready, {doc?.chunks ?? 0} chunks indexed</>;
  else if (status === "failed") text = <>{name}: indexing failed: {doc?.error ?? "unknown error"}</>;
  else if (status === "processing" && doc) text = <>{name}: indexing, {progressText(doc).toLowerCase()}</>;
  else text = <>{name}: queued for indexing</>;
  return (
    <p data-testid="upload-result" data-status={status} role="status" className={status === "rejected" || status === "failed" ? "text-red-700" : "text-zinc-600"}>
      {text}
    </p>
  );
}
