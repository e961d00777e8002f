import { Bot } from "lucide-react";
import type { Scale } from "@/lib/schemas/scorecards";
import { formatPercent, pointsOf, valueLabel } from "@/lib/scorecards/scale";
import { cn } from "@/components/ui/cn";

/** Green for a pass or a high mark, red for a fail or a low one, grey for n.a. and choices. */
function tone(points: number | null) {
  if (points === null) return "bg-zinc-100 text-zinc-700";
  if (points >= 0.75) return "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200";
  if (points >= 0.5) return "bg-amber-50 text-amber-800 ring-1 ring-amber-200";
  return "bg-red-50 text-red-800 ring-1 ring-red-200";
}

/** One score as a chip; the AI's always carries the AI mark, so it is never taken for a person's. */
export function ScoreValue({ scale, value, ai = false }: { scale: Scale; value: string; ai?: boolean }) {
  return (
    <span data-testid="score-value" className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium", tone(pointsOf(scale, value)))}>
      {ai ? <AiMark /> : null}
      {valueLabel(scale, value)}
    </span>
  );
}

/** A conversation's mean score for the list: a person's, or the AI's (marked). */
export function ScorePercent({ points, count, ai = false, note }: { points: number | null; count: number; ai?: boolean; note?: string }) {
  if (count === 0) return null;
  // `note`: what the AI score's calibration says (criteria not trusted), appended to the tooltip.
  const label = `${ai ? "AI score" : "Reviewer score"} ${formatPercent(points)} over ${count} ${count === 1 ? "criterion" : "criteria"}${note ? `. ${note}` : ""}`;
  return (
    <span title={label} aria-label={label} className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium tabular-nums", tone(points))}>
      {ai ? <AiMark /> : null}
      {formatPercent(points)}
    </span>
  );
}

export function AiMark() {
  return (
    <span className="inline-flex items-center gap-0.5 font-semibold">
      <Bot aria-hidden className="size-3" />
      AI
    </span>
  );
}
