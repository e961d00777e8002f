"use client";

import { Download } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";

/** Downloads of what the list shows (its filters from the URL), as JSONL or CSV, streamed by /api/review/export. */
export function ExportButtons({ workspace, agentId, params }: { workspace: string; agentId: string; params: URLSearchParams }) {
  const href = (format: "jsonl" | "csv") => {
    const q = new URLSearchParams(params);
    q.delete("cursor");
    q.delete("prev");
    q.set("workspace", workspace);
    q.set("agentId", agentId);
    q.set("format", format);
    // The list reads its dates in the browser's time zone; the export does the same.
    q.set("tz", String(new Date().getTimezoneOffset()));
    return `/api/review/export?${q.toString()}`;
  };
  return (
    <div className="flex items-center gap-2 self-end" data-testid="export-conversations">
      <span className="text-xs text-zinc-500">Export these conversations with their reviews and AI annotations:</span>
      <a href={href("jsonl")} download className={buttonVariants({ variant: "secondary", size: "sm" })}>
        <Download aria-hidden /> JSONL
      </a>
      <a href={href("csv")} download className={buttonVariants({ variant: "secondary", size: "sm" })}>
        <Download aria-hidden /> CSV
      </a>
    </div>
  );
}
