import { cn } from "@/components/ui/cn";

const styles: Record<string, string> = {
  open: "bg-sky-50 text-sky-700 ring-sky-200",
  resolved: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  escalated: "bg-orange-50 text-orange-700 ring-orange-200",
  abandoned: "bg-zinc-100 text-zinc-600 ring-zinc-200",
};

export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <span data-testid="status-badge" className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1", styles[status] ?? styles.abandoned, className)}>
      {status}
    </span>
  );
}
