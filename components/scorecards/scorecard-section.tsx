"use client";

import { Sparkles } from "lucide-react";
import Link from "next/link";
import { TrustBadge } from "@/components/annotation/trust-badge";
import { type CriterionTrust, useCalibrationTrust } from "@/components/annotation/use-calibration-trust";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { valueLabel, valuesOf } from "@/lib/scorecards/scale";
import { AiMark, ScoreValue } from "./score-value";
import { type AiRun, type ScorecardRow, useScorecard } from "./use-scorecard";

/**
 * The scorecard beside the transcript: each criterion with a person's score (a reviewer fills it here)
 * and the AI's with its reasoning, side by side and never mixed.
 */
export function ScorecardSection({ workspace, conversationId, canWrite }: { workspace: string; conversationId: string; canWrite: boolean }) {
  const { scorecard, score, scoreWithAi } = useScorecard(workspace, conversationId);
  const calibration = useCalibrationTrust(workspace);
  if (scorecard.isPending) return <div className="h-24 animate-pulse rounded-md bg-zinc-100" aria-busy="true" />;
  if (scorecard.isError) return <FormError>{errorMessage(scorecard.error)}</FormError>;
  const rows = scorecard.data;
  const aiGrades = rows.some((c) => !c.archived && c.scorer !== "human" && c.scale !== "choice");
  const run = scoreWithAi.data;

  return (
    <div data-testid="scorecard" className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-xs font-medium text-zinc-600">Scorecard</h3>
        {canWrite && aiGrades ? (
          <Button
            variant="secondary"
            size="sm"
            disabled={scoreWithAi.isPending}
            onClick={() =>
              scoreWithAi.mutate(
                { workspace, conversationId },
                { onSuccess: (r) => notify.success(`The AI scored ${r.scored.length} ${r.scored.length === 1 ? "criterion" : "criteria"}`, r.skipped.length ? `${r.skipped.length} skipped` : undefined) },
              )
            }
          >
            <Sparkles aria-hidden />
            {scoreWithAi.isPending ? "Scoring…" : "Score with AI"}
          </Button>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-500">
          No criteria yet. <Link href={`/${workspace}/settings/scorecard`} className="text-brand-700 hover:underline">Define the scorecard</Link> in settings.
        </p>
      ) : (
        <ul className="flex flex-col divide-y divide-zinc-100 rounded-md border border-zinc-200">
          {rows.map((c) => (
            <CriterionScore
              key={c.id}
              criterion={c}
              trust={calibration.threshold === null ? undefined : calibration.byId.get(c.id)}
              threshold={calibration.threshold ?? 0}
              canScore={canWrite && !c.archived && c.scorer !== "ai"}
              pending={score.isPending && score.variables?.criterionId === c.id}
              onScore={(value) => score.mutate({ workspace, conversationId, criterionId: c.id, value })}
            />
          ))}
        </ul>
      )}
      {scoreWithAi.isError ? <FormError>{errorMessage(scoreWithAi.error)}</FormError> : null}
      {run && run.skipped.length > 0 ? <SkippedByAi run={run} /> : null}
    </div>
  );
}

function CriterionScore({
  criterion: c,
  trust,
  threshold,
  canScore,
  pending,
  onScore,
}: {
  criterion: ScorecardRow;
  /** The criterion's calibration against people: its AI score is marked "not trusted" below the threshold. */
  trust?: CriterionTrust;
  threshold: number;
  canScore: boolean;
  pending: boolean;
  onScore: (value: string | null) => void;
}) {
  const name = `score-${c.id}`;
  return (
    <li data-testid="criterion-score" data-criterion={c.name} className="flex flex-col gap-2 p-2.5">
      <div>
        <p className="text-sm font-medium text-zinc-900">
          {c.name}
          {c.archived ? <span className="ml-2 rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-normal text-zinc-600">archived</span> : null}
        </p>
        {c.description ? <p className="text-xs text-zinc-500">{c.description}</p> : null}
      </div>
      <div className="grid gap-2 sm:grid-cols-2">
        <div className="flex flex-col gap-1" data-testid="human-score">
          <span className="text-xs text-zinc-500">Reviewer</span>
          {canScore ? (
            c.scale === "choice" ? (
              <Select
                aria-label={`${c.name}: reviewer's choice`}
                value={c.human?.value ?? ""}
                disabled={pending}
                onChange={(e) => onScore(e.target.value || null)}
                className="h-8 text-sm"
              >
                <option value="">Not scored</option>
                {c.options.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </Select>
            ) : (
              <fieldset className="flex flex-wrap items-center gap-1" disabled={pending}>
                <legend className="sr-only">{`${c.name}: reviewer's score`}</legend>
                {valuesOf(c).map((v) => (
                  <label
                    key={v}
                    className="cursor-pointer rounded-md border border-zinc-200 px-2 py-0.5 text-xs has-checked:border-brand-600 has-checked:bg-brand-50 has-checked:text-brand-700 has-focus-visible:ring-2 has-focus-visible:ring-brand-500"
                  >
                    <input type="radio" className="sr-only" name={name} value={v} checked={c.human?.value === v} onChange={() => onScore(v)} />
                    {valueLabel(c.scale, v)}
                  </label>
                ))}
                {c.human ? (
                  <Button variant="ghost" size="sm" className="h-6 px-1.5 text-xs" aria-label={`Clear the score of ${c.name}`} onClick={() => onScore(null)}>
                    Clear
                  </Button>
                ) : null}
              </fieldset>
            )
          ) : c.human ? (
            <ScoreValue scale={c.scale} value={c.human.value} />
          ) : (
            <span className="text-xs text-zinc-500">{c.scorer === "ai" ? "scored by the AI only" : "not scored"}</span>
          )}
          {c.human ? <span className="text-xs text-zinc-500">by {c.human.authorName}</span> : null}
        </div>
        <div className="flex flex-col gap-1" data-testid="ai-score">
          <span className="text-xs text-zinc-500">AI</span>
          {c.ai ? (
            <>
              <span>
                <ScoreValue scale={c.scale} value={c.ai.value} ai />
                <span className="ml-1 text-xs text-zinc-500">by {c.ai.authorName}</span>
                {trust ? <span className="ml-1"><TrustBadge trust={trust} threshold={threshold} /></span> : null}
              </span>
              {c.ai.rationale ? <p className="text-xs text-zinc-600" data-testid="ai-rationale">{c.ai.rationale}</p> : null}
            </>
          ) : (
            <span className="text-xs text-zinc-500">{c.scorer === "human" ? "scored by people only" : "not scored yet"}</span>
          )}
        </div>
      </div>
    </li>
  );
}

function SkippedByAi({ run }: { run: AiRun }) {
  return (
    <div role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
      <p className="font-medium">
        <AiMark /> could not grade {run.skipped.length === 1 ? "one criterion" : `${run.skipped.length} criteria`} ({run.judge}):
      </p>
      <ul className="mt-1 list-disc pl-4">
        {run.skipped.map((s) => (
          <li key={s.criterionId}>
            {s.name}: {s.reason}
          </li>
        ))}
      </ul>
      {run.judge === "local judge" ? <p className="mt-1">The local judge reads only contains: / not_contains: lines; give the criterion such an AI rubric, or choose a model under Settings › Model.</p> : null}
    </div>
  );
}
