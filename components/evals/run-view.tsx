"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, ChevronDown, ChevronRight, ClipboardX } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import type { ExpectationResult } from "@/lib/schemas/evals";
import { errorCode, errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { kindLabel } from "./case-form";
import { CompareWithLive } from "./compare-with-live";
import { RunStatusBadge, formatMs, isActive, targetLabel } from "./run-status";
import { Transcript, type TranscriptTurn } from "./transcript";

interface Attempt {
  attempt: number;
  passed: boolean;
  error: string | null;
  ms: number;
  conversationId: string | null;
  expectations: ExpectationResult[];
  transcript: TranscriptTurn[];
}

interface RunCase {
  caseId: string | null;
  caseName: string;
  suiteName: string;
  knownFailure: string | null;
  pass1: boolean;
  passK: boolean;
  flaky: boolean;
  attempts: Attempt[];
}

const percent = (n: number, of: number) => (of === 0 ? "—" : `${Math.round((n / of) * 100)}%`);

/** A run as it goes: its progress (polled each second while it runs), then each case's expectations, transcript and trace. */
export function RunView({ workspace, agent, runId }: { workspace: string; agent: string; runId: string }) {
  const trpc = useTRPC();
  const base = `/${workspace}/agents/${agent}`;
  const query = useQuery({
    ...trpc.evals.getRun.queryOptions({ workspace, runId }),
    refetchInterval: (q) => (q.state.data && isActive(q.state.data.run.status) ? 1000 : false),
  });
  const queryClient = useQueryClient();
  const finished = query.data ? !isActive(query.data.run.status) : false;
  // Once the run is over, the suites' last runs and the history are out of date.
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: trpc.evals.listSuites.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.evals.listRuns.queryKey() });
  }, [finished, queryClient, trpc]);
  const back = (
    <Link href={`${base}/evals`} className="inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900">
      <ArrowLeft className="size-4" /> Evals
    </Link>
  );
  if (query.isPending) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (query.isError) {
    return (
      <div className="space-y-4">
        {back}
        <EmptyState icon={<ClipboardX />} title={errorCode(query.error) === "NOT_FOUND" ? "Run not found" : "Could not load this run"}>
          {errorMessage(query.error)}
        </EmptyState>
      </div>
    );
  }
  const { run } = query.data;
  const cases = query.data.cases as RunCase[];
  const active = isActive(run.status);
  const counted = cases.filter((c) => !c.knownFailure);
  const title = run.suiteName ? `Run of ${run.suiteName}` : run.suiteId ? "Run of a deleted suite" : "Run of the gating suites";

  return (
    <div className="space-y-6">
      {back}
      <header className="space-y-1">
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight">
          {title}
          <RunStatusBadge status={run.status} />
        </h1>
        <p className="text-sm text-zinc-600">
          Against {targetLabel(run.target, run.releaseNumber)} · started {new Date(run.createdAt).toLocaleString()}
          {run.finishedAt ? ` · took ${formatMs(new Date(run.finishedAt).getTime() - new Date(run.createdAt).getTime())}` : ""}
          {run.repeat > 1 ? ` · ${run.repeat} attempts per case` : ""}
        </p>
      </header>

      {active || run.total === 0 ? <Progress done={run.done} total={run.total} status={run.status} unit={run.repeat > 1 ? "attempts" : "cases"} /> : null}
      {run.status === "error" ? <FormError>{run.error ?? "The run could not finish."}</FormError> : null}

      <dl className="flex flex-wrap gap-3" data-testid="run-summary">
        <Stat label="Passed" value={run.passed} tone="good" testId="summary-passed" />
        <Stat label="Failed" value={run.failed} tone={run.failed > 0 ? "bad" : undefined} testId="summary-failed" />
        <Stat label="Known failures" value={run.knownFailures} testId="summary-known" />
        <Stat label={run.repeat > 1 ? "Attempts run" : "Cases run"} value={`${run.done} of ${run.total}`} hint={run.repeat > 1 ? `${run.total / run.repeat} cases × ${run.repeat}` : undefined} testId="summary-done" />
        {run.repeat > 1 ? (
          <>
            <Stat label="pass^1" value={percent(counted.filter((c) => c.pass1).length, counted.length)} hint="first attempt passed" testId="summary-pass1" />
            <Stat label={`pass^${run.repeat}`} value={percent(counted.filter((c) => c.passK).length, counted.length)} hint="every attempt passed" testId="summary-passk" />
            <Stat label="Flaky" value={run.flaky} tone={run.flaky > 0 ? "warn" : undefined} hint="passed some attempts, failed others" testId="summary-flaky" />
          </>
        ) : null}
      </dl>

      <section aria-labelledby="run-cases" className="space-y-2">
        <h2 id="run-cases" className="text-sm font-semibold text-zinc-900">
          Cases
        </h2>
        {cases.length === 0 ? (
          <p className="rounded-card border border-dashed border-zinc-300 bg-white px-4 py-6 text-center text-sm text-zinc-600">
            {active ? "The first results show here as soon as a case finishes." : "This run has no results."}
          </p>
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-card border border-zinc-200 bg-white shadow-sm">
            {cases.map((c) => (
              <CaseResult key={c.caseId ?? `${c.suiteName}/${c.caseName}`} c={c} base={base} showSuite={!run.suiteId} />
            ))}
          </ul>
        )}
      </section>

      {run.target === "draft" && !active ? (
        <Card>
          <CardHeader>
            <CardTitle>Compared with live</CardTitle>
            <CardDescription>The latest finished run of the same cases against the live release: what newly fails, newly passes, and which replies or tool calls changed.</CardDescription>
          </CardHeader>
          <CardContent>
            <CompareWithLive workspace={workspace} agent={agent} run={run} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}

function Progress({ done, total, status, unit }: { done: number; total: number; status: string; unit: "cases" | "attempts" }) {
  const share = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div className="space-y-1" data-testid="run-progress">
      <div className="flex justify-between text-sm text-zinc-700">
        <span id="run-progress-label">{status === "queued" ? "Waiting for a worker…" : status === "running" ? `Running ${unit}…` : unit === "cases" ? "Cases run" : "Attempts run"}</span>
        <span className="tabular-nums">
          {done} of {total}
        </span>
      </div>
      <div
        role="progressbar"
        aria-labelledby="run-progress-label"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} ${unit} done`}
        className="h-2 overflow-hidden rounded-full bg-zinc-200"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${share}%` }} />
      </div>
    </div>
  );
}

function Stat({ label, value, hint, tone, testId }: { label: string; value: React.ReactNode; hint?: string; tone?: "good" | "bad" | "warn"; testId: string }) {
  return (
    <div className="min-w-32 flex-1 rounded-card border border-zinc-200 bg-white px-4 py-3 shadow-sm" data-testid={testId}>
      <dt className="text-xs font-medium text-zinc-600">{label}</dt>
      <dd className={cn("text-lg font-semibold tabular-nums text-zinc-900", tone === "good" && "text-emerald-700", tone === "bad" && "text-red-700", tone === "warn" && "text-amber-800")}>{value}</dd>
      {hint ? <dd className="text-xs text-zinc-600">{hint}</dd> : null}
    </div>
  );
}

function caseOutcome(c: RunCase): { label: string; className: string } {
  if (c.passK) return { label: "passed", className: "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-100" };
  if (c.knownFailure) return { label: "known failure", className: "bg-amber-50 text-amber-900 ring-1 ring-amber-200" };
  if (c.flaky) return { label: "flaky", className: "bg-amber-50 text-amber-900 ring-1 ring-amber-200" };
  return { label: "failed", className: "bg-red-50 text-red-800 ring-1 ring-red-100" };
}

function CaseResult({ c, base, showSuite }: { c: RunCase; base: string; showSuite: boolean }) {
  const [open, setOpen] = useState(false);
  const outcome = caseOutcome(c);
  const panelId = `case-${(c.caseId ?? c.caseName).replace(/[^a-zA-Z0-9_-]/g, "-")}`;
  const failedChecks = c.attempts.reduce((n, a) => n + a.expectations.filter((e) => !e.passed).length, 0);
  return (
    <li data-testid="run-case" data-outcome={outcome.label} data-case={c.caseName}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        className="flex w-full flex-wrap items-center gap-3 px-4 py-3 text-left hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        {open ? <ChevronDown className="size-4 text-zinc-600" aria-hidden /> : <ChevronRight className="size-4 text-zinc-600" aria-hidden />}
        <span className="font-medium text-zinc-900">{c.caseName}</span>
        {showSuite ? <span className="text-xs text-zinc-600">{c.suiteName}</span> : null}
        <Badge className={outcome.className}>{outcome.label}</Badge>
        {c.flaky && c.knownFailure ? <Badge className="bg-amber-50 text-amber-900 ring-1 ring-amber-200">flaky</Badge> : null}
        <span className="ml-auto text-xs text-zinc-600">
          {c.attempts.length > 1 ? `${c.attempts.filter((a) => a.passed).length} of ${c.attempts.length} attempts passed` : failedChecks ? `${failedChecks} check${failedChecks === 1 ? "" : "s"} failed` : "all checks passed"}
        </span>
      </button>
      {open ? (
        <div id={panelId} className="space-y-4 border-t border-zinc-100 bg-zinc-50/50 px-4 py-4">
          {c.knownFailure ? (
            <p className="text-sm text-amber-900">
              <span className="font-medium">Known failure:</span> {c.knownFailure}
            </p>
          ) : null}
          {c.attempts.map((a) => (
            <AttemptView key={a.attempt} a={a} base={base} numbered={c.attempts.length > 1} />
          ))}
        </div>
      ) : null}
    </li>
  );
}

function AttemptView({ a, base, numbered }: { a: Attempt; base: string; numbered: boolean }) {
  return (
    <div className="space-y-3" data-testid="run-attempt" data-passed={a.passed}>
      <div className="flex flex-wrap items-center gap-3">
        {numbered ? <h3 className="text-sm font-semibold text-zinc-900">Attempt {a.attempt}</h3> : null}
        <span className={cn("text-sm font-medium", a.passed ? "text-emerald-700" : "text-red-700")}>{a.passed ? "Passed" : "Failed"}</span>
        <span className="text-xs text-zinc-600">{formatMs(a.ms)}</span>
        {a.conversationId ? (
          <Link href={`${base}/conversations/${a.conversationId}`} className="text-sm text-brand-700 underline underline-offset-2 hover:text-brand-800">
            Open the conversation and its trace
          </Link>
        ) : null}
      </div>
      {a.error ? <FormError>{a.error}</FormError> : null}
      {a.expectations.length > 0 ? (
        <div className="overflow-x-auto rounded-md border border-zinc-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Expectations{numbered ? ` of attempt ${a.attempt}` : ""}</caption>
            <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-600">
              <tr>
                <th className="px-3 py-2 font-medium">Check</th>
                <th className="px-3 py-2 font-medium">Result</th>
                <th className="px-3 py-2 font-medium">Expected</th>
                <th className="px-3 py-2 font-medium">Got</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {a.expectations.map((e, i) => (
                <tr key={i} data-testid="expectation-result" data-passed={e.passed} className={cn(!e.passed && "bg-red-50/60")}>
                  <td className="px-3 py-2 align-top text-zinc-800">{kindLabel(e.kind)}</td>
                  <td className={cn("px-3 py-2 align-top font-medium", e.passed ? "text-emerald-700" : "text-red-700")}>{e.passed ? "pass" : "fail"}</td>
                  <td className="px-3 py-2 align-top break-words text-zinc-800">{e.expected}</td>
                  <td className="px-3 py-2 align-top break-words text-zinc-800">{e.got}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {a.transcript.length > 0 ? <Transcript turns={a.transcript} /> : null}
    </div>
  );
}
