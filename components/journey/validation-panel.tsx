"use client";

import { AlertTriangle, CircleCheck, XCircle } from "lucide-react";
import type { JourneyIssue } from "@/lib/schemas/journey";

/** Every problem of the journey; clicking one focuses its step on the canvas. */
export function ValidationPanel({ issues, onFocus }: { issues: JourneyIssue[]; onFocus: (nodeId: string) => void }) {
  const errors = issues.filter((i) => i.severity === "error").length;
  return (
    <section aria-label="Validation" data-testid="validation-panel" data-errors={errors}>
      <h2 className="mb-2 flex items-center gap-2 text-sm font-semibold text-zinc-900">
        {issues.length === 0 ? <CircleCheck className="size-4 text-emerald-600" /> : <XCircle className="size-4 text-red-600" />}
        {issues.length === 0 ? "No problems: this journey can be published" : `${errors} error${errors === 1 ? "" : "s"}, ${issues.length - errors} warning${issues.length - errors === 1 ? "" : "s"}`}
      </h2>
      {issues.length ? <p className="mb-2 text-xs text-zinc-500">Drafts save with problems; a release needs zero errors.</p> : null}
      <ul className="max-h-64 space-y-1 overflow-y-auto">
        {issues.map((issue, k) => (
          <li key={k}>
            <button
              type="button"
              data-testid="validation-issue"
              data-node-id={issue.nodeId ?? ""}
              disabled={!issue.nodeId}
              onClick={() => issue.nodeId && onFocus(issue.nodeId)}
              className="flex w-full items-start gap-2 rounded-md px-2 py-1 text-left text-sm hover:bg-zinc-100 disabled:hover:bg-transparent"
            >
              {issue.severity === "error" ? <XCircle className="mt-0.5 size-4 shrink-0 text-red-600" /> : <AlertTriangle className="mt-0.5 size-4 shrink-0 text-amber-600" />}
              <span className={issue.severity === "error" ? "text-zinc-800" : "text-zinc-600"}>{issue.message}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
