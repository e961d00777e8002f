"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { AiMark } from "@/components/scorecards/score-value";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormError } from "@/components/ui/form-field";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

const outcomeTone: Record<string, string> = {
  resolved: "bg-emerald-50 text-emerald-800",
  escalated: "bg-sky-50 text-sky-800",
  abandoned: "bg-zinc-100 text-zinc-700",
  unresolved: "bg-amber-50 text-amber-900",
};
const sentimentTone: Record<string, string> = { negative: "bg-red-50 text-red-800", neutral: "bg-zinc-100 text-zinc-700", positive: "bg-emerald-50 text-emerald-800" };
const flagLabel = { talked_around_denial: "Talked around a denial", unallowed_promise: "Promise without an allowed decision" } as const;

/**
 * The judge's annotation beside the people's review: outcome, sentiment, topic, policy flags and
 * ungrounded claims, each with its one-line rationale, all marked AI. Reviewers can re-run the judge.
 */
export function AnnotationSection({ workspace, conversationId, canWrite, positions }: { workspace: string; conversationId: string; canWrite: boolean; positions: Map<string, number> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const annotation = useQuery(trpc.review.annotation.queryOptions({ workspace, conversationId }));
  const annotate = useMutation(
    trpc.review.annotate.mutationOptions({
      onSuccess: (r) => {
        notify.success("Annotated by the AI", `${r.outcome} · ${r.sentimentLabel} · ${r.topic}`);
        return Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.review.annotation.queryKey({ workspace, conversationId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.review.scorecard.queryKey({ workspace, conversationId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.conversations.list.queryKey() }),
        ]);
      },
    }),
  );
  if (annotation.isPending) return <div className="h-20 animate-pulse rounded-md bg-zinc-100" aria-busy="true" />;
  if (annotation.isError) return <FormError>{errorMessage(annotation.error)}</FormError>;
  const a = annotation.data;
  const at = (messageId: string | null) => (messageId && positions.has(messageId) ? ` (message ${positions.get(messageId)})` : "");

  return (
    <div data-testid="ai-annotation" className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="flex items-center gap-1.5 text-xs font-medium text-zinc-600">
          Annotation <span className="rounded-full bg-violet-50 px-1.5 py-0.5 text-violet-800"><AiMark /></span>
        </h3>
        {canWrite ? (
          <Button variant="secondary" size="sm" disabled={annotate.isPending} onClick={() => annotate.mutate({ workspace, conversationId })}>
            <RefreshCw aria-hidden />
            {annotate.isPending ? "Annotating…" : "Re-annotate"}
          </Button>
        ) : null}
      </div>
      {annotate.isError ? <FormError>{errorMessage(annotate.error)}</FormError> : null}
      {!a ? (
        <p className="text-sm text-zinc-500">Not annotated yet: the AI judge reads a conversation once it ends or has been idle for 30 minutes.</p>
      ) : (
        <dl className="flex flex-col divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm">
          <Field label="Outcome" why={a.rationales.outcome}>
            <Chip className={outcomeTone[a.outcome]} testId="ai-outcome">{a.outcome}</Chip>
          </Field>
          <Field label="Sentiment" why={a.rationales.sentiment}>
            <Chip className={sentimentTone[a.sentimentLabel]} testId="ai-sentiment">
              {a.sentimentLabel} ({a.sentiment > 0 ? "+" : ""}
              {a.sentiment.toFixed(2)})
            </Chip>
          </Field>
          <Field label="Topic" why={a.rationales.topic}>
            <span data-testid="ai-topic" className="font-medium text-zinc-900">{a.topic}</span>
          </Field>
          <Field label="Policy flags" why={a.rationales.flags}>
            {a.flags.length === 0 ? (
              <span className="text-zinc-500">none</span>
            ) : (
              <ul data-testid="ai-flags" className="flex flex-col gap-1">
                {a.flags.map((f, i) => (
                  <li key={i} className="text-red-800">
                    <span className="font-medium">{flagLabel[f.kind]}{at(f.messageId)}:</span> <span className="text-zinc-700">{f.rationale}</span>
                  </li>
                ))}
              </ul>
            )}
          </Field>
          <Field label="Ungrounded claims" why={a.rationales.ungrounded}>
            {a.ungrounded.length === 0 ? (
              <span className="text-zinc-500">none</span>
            ) : (
              <ul data-testid="ai-ungrounded" className="flex flex-col gap-1">
                {a.ungrounded.map((u, i) => (
                  <li key={i}>
                    “{u.claim}” <span className="text-xs text-zinc-500">{Math.round(u.support * 100)}% supported{at(u.messageId)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Field>
          {a.rationales.model ? (
            <p data-testid="ai-model-note" className="px-2.5 py-1.5 text-xs text-zinc-500">
              Judge: {a.rationales.model}.
            </p>
          ) : null}
          {a.rationales.criteria ? (
            <p className="px-2.5 py-1.5 text-xs text-zinc-500">
              Scorecard: {a.rationales.criteria}. By {a.judge}, {new Date(a.annotatedAt).toLocaleString()}.
            </p>
          ) : null}
        </dl>
      )}
    </div>
  );
}

function Field({ label, why, children }: { label: string; why: string | undefined; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-2 px-2.5 py-1.5">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="flex flex-col gap-0.5">
        {children}
        {why ? <span className="text-xs text-zinc-500">{why}</span> : null}
      </dd>
    </div>
  );
}

function Chip({ className, testId, children }: { className?: string; testId: string; children: React.ReactNode }) {
  return (
    <span data-testid={testId} className={cn("w-fit rounded-full px-2 py-0.5 text-xs font-medium", className)}>
      {children}
    </span>
  );
}
