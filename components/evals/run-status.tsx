import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

export type RunStatus = "queued" | "running" | "passed" | "failed" | "error";

const statusStyles: Record<string, string> = {
  queued: "bg-zinc-100 text-zinc-700",
  running: "bg-sky-50 text-sky-800 ring-1 ring-sky-100",
  passed: "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-100",
  failed: "bg-red-50 text-red-800 ring-1 ring-red-100",
  error: "bg-amber-50 text-amber-900 ring-1 ring-amber-200",
};

export const isActive = (status: string) => status === "queued" || status === "running";

export function RunStatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge className={cn(statusStyles[status] ?? statusStyles.queued, className)} data-testid="run-status" data-status={status}>
      {status}
    </Badge>
  );
}

/** "Draft", "Live", "Release 3" — a run's target as stored (draft | live | the number) or as sent. */
export function targetLabel(target: string | number, releaseNumber?: number | null): string {
  if (target === "draft") return "Draft";
  if (target === "live") return releaseNumber ? `Live (release ${releaseNumber})` : "Live";
  return `Release ${target}`;
}

/** "3 passed · 1 failed · 1 known failure of 5 cases" — a finished run's verdict, per case (all its attempts). */
export function resultSummary(r: { passed: number; failed: number; knownFailures: number; flaky?: number }): string {
  const cases = r.passed + r.failed + r.knownFailures;
  const parts = [`${r.passed} passed`, `${r.failed} failed`];
  if (r.knownFailures) parts.push(`${r.knownFailures} known failure${r.knownFailures === 1 ? "" : "s"}`);
  if (r.flaky) parts.push(`${r.flaky} flaky`);
  return `${parts.join(" · ")} of ${cases} case${cases === 1 ? "" : "s"}`;
}

export function KnownFailureBadge({ reason }: { reason: string }) {
  return (
    <span className="inline-flex flex-col gap-0.5">
      <Badge className="w-fit bg-amber-50 text-amber-900 ring-1 ring-amber-200">known failure</Badge>
      <span className="text-xs text-zinc-600">{reason}</span>
    </span>
  );
}

/** Run durations in the tables: "850 ms", "12.4 s", "3 min 5 s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
