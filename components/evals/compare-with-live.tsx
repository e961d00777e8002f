"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Play } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-field";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { targetLabel } from "./run-status";
import { ToolCall, type TranscriptTurn } from "./transcript";

interface ComparedRun {
  id: string;
  agentId: string;
  suiteId: string | null;
  caseId: string | null;
}

/** A draft run against the latest finished run of the same cases on the live release. */
export function CompareWithLive({ workspace, agent, run }: { workspace: string; agent: string; run: ComparedRun }) {
  const trpc = useTRPC();
  const router = useRouter();
  const canRun = useCan(workspace)("evals:write");
  const base = `/${workspace}/agents/${agent}`;
  const compare = useQuery(trpc.evals.compareRuns.queryOptions({ workspace, runId: run.id }));
  const start = useMutation(trpc.evals.startRun.mutationOptions({ onSuccess: ({ runId }) => router.push(`${base}/evals/runs/${runId}`) }));

  if (compare.isPending) return <div className="h-20 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (compare.isError) return <FormError>{errorMessage(compare.error)}</FormError>;
  const c = compare.data;
  if (!c.base) {
    return (
      <div className="space-y-3" data-testid="compare-none">
        <p className="text-sm text-zinc-700">No run of these cases against the live release has finished yet, so there is nothing to compare with.</p>
        {canRun ? (
          <Button
            variant="secondary"
            disabled={start.isPending}
            onClick={() => start.mutate({ workspace, agentId: run.agentId, ...(run.suiteId ? { suiteId: run.suiteId } : {}), ...(run.caseId ? { caseId: run.caseId } : {}), target: "live" })}
          >
            <Play /> {start.isPending ? "Starting…" : "Run them against live"}
          </Button>
        ) : null}
        <FormError>{start.isError ? errorMessage(start.error) : null}</FormError>
      </div>
    );
  }

  const nothingChanged = c.newlyFailing.length === 0 && c.newlyPassing.length === 0 && c.changed.length === 0;
  return (
    <div className="space-y-4" data-testid="compare-live">
      <p className="text-sm text-zinc-700">
        Compared with{" "}
        <Link href={`${base}/evals/runs/${c.base.id}`} className="text-brand-700 underline underline-offset-2 hover:text-brand-800">
          the run against {targetLabel(c.base.target, c.base.releaseNumber)}
        </Link>
        .
      </p>
      {nothingChanged ? <p className="text-sm text-zinc-700">Same results, same replies and the same tool calls as live.</p> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {c.newlyFailing.length > 0 ? (
          <CaseList title="Newly failing" tone="text-red-700" items={c.newlyFailing} testId="newly-failing" />
        ) : null}
        {c.newlyPassing.length > 0 ? (
          <CaseList title="Newly passing" tone="text-emerald-700" items={c.newlyPassing} testId="newly-passing" />
        ) : null}
      </div>
      {c.changed.length > 0 ? (
        <div className="space-y-3">
          <h3 className="text-sm font-semibold text-zinc-900">Changed replies and tool calls</h3>
          {c.changed.map((ch) => (
            <div key={ch.caseName} className="space-y-2" data-testid="changed-case">
              <h4 className="text-sm font-medium text-zinc-900">{ch.caseName}</h4>
              <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">How {ch.caseName} changed, turn by turn</caption>
                  <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-600">
                    <tr>
                      <th className="px-3 py-2 font-medium">Turn</th>
                      <th className="px-3 py-2 font-medium">Live</th>
                      <th className="px-3 py-2 font-medium">Draft</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-100">
                    {ch.turns.map((t) => (
                      <tr key={t.turn}>
                        <td className="px-3 py-2 align-top text-zinc-800">
                          <span className="font-medium">{t.turn}</span>
                          <span className="block max-w-48 text-xs text-zinc-600">{t.customer}</span>
                        </td>
                        <td className="px-3 py-2 align-top">
                          <TurnSide side={t.before} />
                        </td>
                        <td className="px-3 py-2 align-top">
                          <TurnSide side={t.after} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function CaseList({ title, tone, items, testId }: { title: string; tone: string; items: { caseName: string; suiteName?: string }[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3 className={`text-sm font-semibold ${tone}`}>
        {title} ({items.length})
      </h3>
      <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-zinc-800">
        {items.map((i) => (
          <li key={`${i.suiteName ?? ""}/${i.caseName}`}>{i.caseName}</li>
        ))}
      </ul>
    </div>
  );
}

function TurnSide({ side }: { side: Pick<TranscriptTurn, "reply" | "tools"> | null }) {
  if (!side) return <span className="text-xs text-zinc-600 italic">no such turn</span>;
  return (
    <div className="space-y-1">
      <p className="whitespace-pre-wrap text-zinc-900">{side.reply || <span className="text-zinc-600 italic">no reply</span>}</p>
      {side.tools.length > 0 ? (
        <ul className="space-y-0.5">
          {side.tools.map((call, i) => (
            <ToolCall key={i} call={call} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
