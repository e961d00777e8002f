"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Scale } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { valueLabel } from "@/lib/scorecards/scale";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import type { AppRouter } from "@/server/api/root";
import { TrustBadge } from "./trust-badge";
import { formatKappa } from "./use-calibration-trust";

type Calibration = inferRouterOutputs<AppRouter>["review"]["calibration"];
type CriterionCalibration = Calibration["criteria"][number];

/** Disagreements shown before "Show all". */
const SHOWN = 10;

/**
 * Review › Calibration: how far each AI-scored criterion can be trusted, from the conversations both a
 * person and the AI scored — n, percent agreement, Cohen's kappa, the confusion table, the disagreements.
 */
export function CalibrationPage({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const calibration = useQuery(trpc.review.calibration.queryOptions({ workspace }));
  const canSet = useCan(workspace)("settings:manage");
  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Judge calibration"
        description="How the AI judge's scores agree with reviewers' on the conversations both scored. Below the threshold, a criterion's AI scores are marked not trusted wherever they show."
      />
      <QueryView query={calibration}>
        {(data) => (
          <>
            <ThresholdForm workspace={workspace} threshold={data.threshold} canSet={canSet} />
            {data.criteria.length === 0 ? (
              <EmptyState icon={<Scale />} title="No criterion is scored by the AI">
                Set a pass / fail or 1–5 criterion to be scored by both people and the AI under{" "}
                <Link className="text-brand-700 hover:underline" href={`/${workspace}/settings/scorecard`}>
                  Settings › Scorecard
                </Link>
                ; its calibration appears here once reviewers score conversations the AI scored.
              </EmptyState>
            ) : (
              data.criteria.map((c) => <CriterionCard key={c.id} workspace={workspace} criterion={c} threshold={data.threshold} />)
            )}
          </>
        )}
      </QueryView>
    </div>
  );
}

function ThresholdForm({ workspace, threshold, canSet }: { workspace: string; threshold: number; canSet: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(threshold));
  const save = useMutation(
    trpc.review.setKappaThreshold.mutationOptions({
      onSuccess: (r) => {
        notify.success(`Threshold set to κ ${r.threshold.toFixed(2)}`);
        return Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.review.calibration.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.review.calibrationTrust.queryKey() }),
        ]);
      },
    }),
  );
  if (!canSet) return <p className="text-sm text-zinc-600">Trusted at κ ≥ {threshold.toFixed(2)} (an admin sets the threshold).</p>;
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ workspace, threshold: Number(value) });
      }}
    >
      <div className="flex flex-col gap-1">
        <Label htmlFor="kappa-threshold">Trusted at κ ≥</Label>
        <Input id="kappa-threshold" type="number" step="0.05" min="0" max="1" className="w-28" value={value} onChange={(e) => setValue(e.target.value)} />
      </div>
      <Button type="submit" variant="secondary" disabled={save.isPending || value === "" || Number(value) === threshold}>
        {save.isPending ? "Saving…" : "Save threshold"}
      </Button>
      {save.isError ? <FormError>{errorMessage(save.error)}</FormError> : null}
    </form>
  );
}

const percent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

function CriterionCard({ workspace, criterion: c, threshold }: { workspace: string; criterion: CriterionCalibration; threshold: number }) {
  const [all, setAll] = useState(false);
  const shown = all ? c.disagreements : c.disagreements.slice(0, SHOWN);
  return (
    <Card data-testid="calibration-criterion" data-criterion={c.name}>
      <CardHeader className="flex flex-wrap items-center justify-between gap-2 space-y-0">
        <CardTitle>{c.name}</CardTitle>
        <div className="flex items-center gap-3 text-sm tabular-nums text-zinc-700">
          <span data-testid="calibration-n">n {c.n}</span>
          <span data-testid="calibration-agreement">agreement {percent(c.agreement)}</span>
          <span data-testid="calibration-kappa">{formatKappa(c.kappa)}</span>
          <TrustBadge trust={c} threshold={threshold} />
        </div>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {c.n === 0 ? (
          <p className="text-sm text-zinc-500">
            {c.scorer === "ai" ? "Scored by the AI only: let people score it too (scorer: both) to calibrate it." : "No conversation has both a reviewer's and the AI's score on it yet."}
          </p>
        ) : (
          <div className="grid gap-4 lg:grid-cols-[auto_minmax(0,1fr)]">
            <table data-testid="confusion-table" className="w-fit border-collapse text-sm tabular-nums">
              <caption className="pb-1 text-left text-xs text-zinc-500">Rows: reviewers · columns: the AI</caption>
              <thead>
                <tr>
                  <th />
                  {c.values.map((v) => (
                    <th key={v} scope="col" className="px-3 py-1 text-xs font-medium text-zinc-600">
                      {valueLabel(c.scale, v)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {c.values.map((row, i) => (
                  <tr key={row}>
                    <th scope="row" className="px-3 py-1 text-left text-xs font-medium text-zinc-600">
                      {valueLabel(c.scale, row)}
                    </th>
                    {c.values.map((col, j) => (
                      <td key={col} className={`border border-zinc-200 px-3 py-1 text-center ${i === j ? "bg-emerald-50" : c.confusion[i]![j]! > 0 ? "bg-amber-50" : ""}`}>
                        {c.confusion[i]![j]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="flex flex-col gap-1">
              <h3 className="text-xs font-medium text-zinc-600">Disagreements ({c.disagreementCount})</h3>
              {c.disagreementCount === 0 ? (
                <p className="text-sm text-zinc-500">None: the AI scored every one as reviewers did.</p>
              ) : (
                <ul data-testid="disagreements" className="flex flex-col divide-y divide-zinc-100 text-sm">
                  {shown.map((d) => (
                    <li key={d.conversationId} className="flex flex-wrap items-center gap-2 py-1">
                      <Link href={`/${workspace}/agents/${d.agentSlug}/conversations/${d.conversationId}`} className="text-brand-700 hover:underline tabular-nums">
                        {new Date(d.createdAt).toLocaleString()}
                      </Link>
                      <span>
                        {d.humanBy}: <strong>{valueLabel(c.scale, d.human)}</strong>
                      </span>
                      <span>
                        AI: <strong>{valueLabel(c.scale, d.ai)}</strong>
                      </span>
                      {d.aiRationale ? <span className="truncate text-xs text-zinc-500">{d.aiRationale}</span> : null}
                    </li>
                  ))}
                </ul>
              )}
              {!all && c.disagreements.length > SHOWN ? (
                <Button variant="ghost" size="sm" className="w-fit" onClick={() => setAll(true)}>
                  Show all {c.disagreements.length}
                  {c.disagreementCount > c.disagreements.length ? ` (of ${c.disagreementCount}, newest first)` : ""}
                </Button>
              ) : null}
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
