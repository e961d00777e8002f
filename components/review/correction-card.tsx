"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { errorMessage } from "@/lib/form-errors";
import type { AnnotationsApi, CorrectionView } from "./use-annotations";

export const decisionLabels: Record<string, string> = {
  allow: "allow",
  deny: "deny",
  require_confirmation: "require confirmation",
  escalate: "escalate",
};

/** What the agent should have said and done instead of one of its messages. */
export function CorrectionCard({ api, correction, where }: { api: AnnotationsApi; correction: CorrectionView; where?: string }) {
  const [deleting, setDeleting] = useState(false);
  const actions = [
    correction.expectedJourneyId ? `reach the journey ${correction.expectedJourneyName ?? "(deleted)"}` : null,
    correction.expectedToolCall ? `call ${correction.expectedToolCall}` : null,
    correction.expectedDecision ? `get the policy decision “${decisionLabels[correction.expectedDecision] ?? correction.expectedDecision}”` : null,
  ].filter(Boolean);
  return (
    <article data-testid="review-correction" className="rounded-md border border-violet-200 bg-violet-50 px-3 py-2 text-sm text-violet-950">
      <header className="mb-1 flex flex-wrap items-center gap-x-2 text-xs text-violet-800">
        <span className="font-medium">Correction by {correction.authorName}</span>
        <time dateTime={new Date(correction.createdAt).toISOString()}>{new Date(correction.createdAt).toLocaleString()}</time>
        {where ? <span>· {where}</span> : null}
        {correction.canChange ? (
          <Button variant="ghost" size="sm" className="ml-auto h-6 px-1.5 text-xs text-red-700" onClick={() => setDeleting(true)}>
            Delete
          </Button>
        ) : null}
      </header>
      {correction.text ? (
        <p className="whitespace-pre-wrap">
          <span className="font-medium">Should have said: </span>
          {correction.text}
        </p>
      ) : null}
      {actions.length > 0 ? (
        <p>
          <span className="font-medium">Should have: </span>
          {actions.join(" · ")}
        </p>
      ) : null}
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title="Delete this correction?"
        description={`The correction by ${correction.authorName} is removed for everyone. The audit log keeps it.`}
        confirmLabel="Delete correction"
        pending={api.deleteCorrection.isPending}
        error={api.deleteCorrection.isError ? errorMessage(api.deleteCorrection.error) : null}
        onConfirm={() => api.deleteCorrection.mutate({ workspace: api.workspace, correctionId: correction.id }, { onSuccess: () => setDeleting(false) })}
      />
    </article>
  );
}
