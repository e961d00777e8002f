import { cn } from "@/components/ui/cn";

const styles: Record<string, string> = {
  queued: "bg-zinc-100 text-zinc-700",
  processing: "bg-amber-50 text-amber-800 ring-1 ring-amber-200",
  ready: "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200",
  failed: "bg-red-50 text-red-700 ring-1 ring-red-200",
};

const labels: Record<string, string> = { queued: "queued", processing: "indexing", ready: "ready", failed: "failed" };

export interface DocumentProgress {
  status: string;
  progress: number;
  error: string | null;
  chunksEmbedded?: number;
  chunksTotal?: number | null;
}

/** What indexing has done so far, in words: "Embedding 64 of 150 chunks". */
export function progressText(d: DocumentProgress): string {
  if (d.status === "queued") return "Waiting to be indexed";
  if (d.status !== "processing") return "";
  if (d.chunksTotal == null) return "Reading the document";
  return d.chunksEmbedded === d.chunksTotal ? `Saving ${d.chunksTotal} chunks` : `Embedding ${d.chunksEmbedded ?? 0} of ${d.chunksTotal} chunks`;
}

/** Status with a progress bar and chunk counts while indexing; a failed document shows why. */
export function DocumentStatus(props: DocumentProgress) {
  const { status, progress, error } = props;
  const indexing = status === "queued" || status === "processing";
  const text = progressText(props);
  return (
    <div className="flex min-w-36 flex-col gap-1" data-testid="document-status" data-status={status}>
      <span className={cn("inline-flex w-fit items-center rounded-full px-2 py-0.5 text-xs font-medium", styles[status] ?? styles.queued)}>{labels[status] ?? status}</span>
      {indexing ? (
        <>
          <div
            className="h-1.5 w-full overflow-hidden rounded-full bg-zinc-100"
            role="progressbar"
            aria-label="Indexing progress"
            aria-valuenow={progress}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuetext={text}
          >
            <div className="h-full bg-brand-600 transition-all" style={{ width: `${Math.max(3, progress)}%` }} />
          </div>
          <p className="text-xs text-zinc-500 tabular-nums" data-testid="document-progress">
            {text}
          </p>
        </>
      ) : null}
      {status === "failed" && error ? (
        <p className="text-xs text-red-700" data-testid="document-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
