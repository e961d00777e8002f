import { cn } from "@/components/ui/cn";

const styles: Record<string, string> = {
  urgent: "bg-red-50 text-red-700 ring-red-200",
  high: "bg-orange-50 text-orange-700 ring-orange-200",
  normal: "bg-zinc-100 text-zinc-600 ring-zinc-200",
  low: "bg-white text-zinc-500 ring-zinc-200",
};

export function PriorityBadge({ priority, className }: { priority: string; className?: string }) {
  return (
    <span data-testid="priority-badge" className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1", styles[priority] ?? styles.normal, className)}>
      {priority}
    </span>
  );
}
