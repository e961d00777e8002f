import { cn } from "@/components/ui/cn";

const styles: Record<string, string> = {
  queued: "bg-zinc-100 text-zinc-700",
  processing: "bg-amber-50 text-amber-800 ring-1 ring-amber-200",
  ready: "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200",
  failed: "bg-red-50 text-red-700 ring-1 ring-red-200",
};

/** Status with a progress bar while indexing; a failed document shows why. */
export function DocumentStatus({ status, progress, error }: { status: string; progress: number; error: string | null }) {
  return (
    <div className="flex min-w-36 flex-col gap-1" data-testid="document-status" data-status={status}>
      <span className={cn("inline-flex w-fit items-center rounded-full px-2 py-0.5 text-xs font-medium", styles[status] ?? styles.queued)}>{status}</span>
      {status === "queued" || status === "processing" ? (
        <div className="h-1.5 w-full overflow-hidden rounded-full bg-zinc-100" role="progressbar" aria-label="Indexing progress" aria-valuenow={progress} aria-valuemin={0} aria-valuemax={100}>
          <div className="h-full bg-brand-600 transition-all" style={{ width: `${Math.max(3, progress)}%` }} />
        </div>
      ) : null}
      {status === "failed" && error ? (
        <p className="text-xs text-red-700" data-testid="document-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
