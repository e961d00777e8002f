import { X } from "lucide-react";
import { cn } from "@/components/ui/cn";
import type { TagColour } from "@/lib/schemas/review";

// Literal class names per colour, so Tailwind keeps them; text at the 800 shade for contrast.
const colourClasses: Record<TagColour, { chip: string; dot: string }> = {
  gray: { chip: "bg-zinc-100 text-zinc-800 ring-zinc-300", dot: "bg-zinc-500" },
  red: { chip: "bg-red-50 text-red-800 ring-red-200", dot: "bg-red-500" },
  orange: { chip: "bg-orange-50 text-orange-800 ring-orange-200", dot: "bg-orange-500" },
  amber: { chip: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  green: { chip: "bg-emerald-50 text-emerald-800 ring-emerald-200", dot: "bg-emerald-500" },
  teal: { chip: "bg-teal-50 text-teal-800 ring-teal-200", dot: "bg-teal-500" },
  blue: { chip: "bg-sky-50 text-sky-800 ring-sky-200", dot: "bg-sky-500" },
  violet: { chip: "bg-violet-50 text-violet-800 ring-violet-200", dot: "bg-violet-500" },
  pink: { chip: "bg-pink-50 text-pink-800 ring-pink-200", dot: "bg-pink-500" },
};

export const colourOf = (colour: string) => colourClasses[colour as TagColour] ?? colourClasses.gray;

export function ColourDot({ colour, className }: { colour: string; className?: string }) {
  return <span aria-hidden className={cn("inline-block size-2.5 rounded-full", colourOf(colour).dot, className)} />;
}

/** A tag as a chip; with `onRemove` it has a button that takes it off (labelled with the tag's name). */
export function TagChip({ name, colour, title, onRemove, disabled }: { name: string; colour: string; title?: string; onRemove?: () => void; disabled?: boolean }) {
  return (
    <span data-testid="tag-chip" title={title} className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1", colourOf(colour).chip)}>
      {name}
      {onRemove ? (
        <button type="button" onClick={onRemove} disabled={disabled} aria-label={`Remove tag ${name}`} className="-mr-1 rounded-full p-0.5 hover:bg-black/10 disabled:opacity-50">
          <X className="size-3" aria-hidden />
        </button>
      ) : null}
    </span>
  );
}
