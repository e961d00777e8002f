import { BookOpen } from "lucide-react";

export interface CitationView {
  chunkId: string;
  documentTitle: string;
  section: string;
}

/** The knowledge an agent's answer quotes: document and section. */
export function Citations({ citations, className }: { citations: readonly CitationView[] | null | undefined; className?: string }) {
  if (!citations?.length) return null;
  return (
    <ul data-testid="citations" className={className ?? "mt-2 flex flex-col gap-0.5 border-t border-zinc-200 pt-1.5 text-xs text-zinc-600"}>
      {citations.map((c) => (
        <li key={c.chunkId} data-testid="citation" className="flex items-center gap-1">
          <BookOpen className="size-3 shrink-0" />
          <span>
            {c.documentTitle}
            {c.section ? ` › ${c.section}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}
