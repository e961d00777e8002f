"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FlaskConical, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { useHydrated } from "@/lib/use-hydrated";
import { CanaryGuardCard } from "./canary-guard-card";
import type { Experiment, ExperimentMetric } from "@/server/services/experiments/get-experiment";

const ARM_COLOURS = { control: "#52525b", canary: "#0369a1" } as const;
const axis = { fontSize: 12, fill: "#3f3f46" };

function value(m: ExperimentMetric, v: number | null, signed = false): string {
  if (v === null) return "—";
  const sign = signed && v > 0 ? "+" : signed && v < 0 ? "−" : "";
  return m.kind === "proportion" ? `${sign}${(Math.abs(v) * 100).toFixed(1)}${signed ? " pts" : "%"}` : `${sign}${Math.abs(v).toFixed(2)}`;
}
const range = (m: ExperimentMetric, i: { low: number; high: number } | null, signed = false) => (i ? `${value(m, i.low, signed)} … ${value(m, i.high, signed)}` : "");
const pValue = (p: number | null) => (p === null ? "—" : p < 0.001 ? "< 0.001" : p.toFixed(3));
const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? "—" : v.toFixed(2));
const when = (d: Date) => d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The agent's canary against its control release: each metric with intervals, the difference and its test. */
export function ExperimentView({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const hydrated = useHydrated();
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  const agentId = current.data?.id ?? "";
  const runs = useQuery({ ...trpc.experiments.list.queryOptions({ workspace, agentId }), enabled: !!agentId });
  const chosen = params.get("canary");
  const canary = chosen && /^\d+$/.test(chosen) ? Number(chosen) : undefined;
  const timeZone = hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC";
  const hasRunning = runs.data?.some((r) => r.running) ?? false;
  const experiment = useQuery({
    ...trpc.experiments.get.queryOptions({ workspace, agentId, canary: canary ?? (hasRunning ? undefined : runs.data?.[0]?.canary), timeZone }),
    enabled: !!agentId && hydrated && !!runs.data && runs.data.length > 0,
  });
  const agentPath = `/${workspace}/agents/${agent}`;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Experiments"
        description="A canary release against the live one: every metric for each with its 95% interval, the difference and whether it is more than chance."
        actions={
          <Link href={`${agentPath}/insights`} className={buttonVariants({ variant: "secondary" })}>
            Insights
          </Link>
        }
      />
      {runs.isError ? (
        <FormError>{errorMessage(runs.error)}</FormError>
      ) : !runs.data || !hydrated ? (
        <div className="h-64 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
      ) : runs.data.length === 0 ? (
        <EmptyState
          icon={<FlaskConical />}
          title="No canary yet"
          action={
            <Link href={`${agentPath}/releases`} className={buttonVariants({ variant: "primary" })}>
              Open releases
            </Link>
          }
        >
          Publish a release without making it live, then start it as a canary for a share of new conversations. Its results show here as conversations come in.
        </EmptyState>
      ) : (
        <>
          <div className="flex flex-col gap-1 sm:w-80">
            <Label htmlFor="experiment-canary">Canary</Label>
            <Select
              id="experiment-canary"
              value={String(canary ?? experiment.data?.canary.number ?? "")}
              onChange={(e) => router.push(`${pathname}?${new URLSearchParams({ canary: e.target.value })}`)}
            >
              {runs.data.map((r) => (
                <option key={`${r.canary}-${r.start.toISOString()}`} value={r.canary}>
                  Release {r.canary} — {r.running ? `running, ${r.percent}%` : `${when(r.start)} – ${r.end ? when(r.end) : "…"}`}
                  {r.autoRollback ? " (rolled back automatically)" : ""}
                </option>
              ))}
            </Select>
          </div>
          {experiment.isError ? (
            <FormError>{errorMessage(experiment.error)}</FormError>
          ) : !experiment.data ? (
            <div className="h-64 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
          ) : (
            <ExperimentResults workspace={workspace} agentId={agentId} e={experiment.data} conversationsPath={`${agentPath}/conversations`} />
          )}
        </>
      )}
      {agentId ? <CanaryGuardCard workspace={workspace} agentId={agentId} /> : null}
    </div>
  );
}

function ExperimentResults({ workspace, agentId, e, conversationsPath }: { workspace: string; agentId: string; e: Experiment; conversationsPath: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const [confirming, setConfirming] = useState<"promote" | "rollback" | null>(null);
  const done = async (message: string) => {
    notify.success(message);
    setConfirming(null);
    await queryClient.invalidateQueries({ queryKey: trpc.experiments.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.releases.list.queryKey() });
  };
  const promote = useMutation(trpc.releases.setLive.mutationOptions({ onSuccess: () => done(`Release ${e.canary.number} is live`) }));
  const rollback = useMutation(trpc.releases.setCanary.mutationOptions({ onSuccess: () => done(`Canary stopped: release ${e.control.number} serves every new conversation`) }));
  const pending = confirming === "promote" ? promote : rollback;
  const proportions = e.metrics.filter((m) => m.kind === "proportion");
  const chart = proportions.map((m) => ({
    label: m.label,
    control: (m.comparison.a.estimate ?? 0) * 100,
    canary: (m.comparison.b.estimate ?? 0) * 100,
    controlError: m.comparison.a.interval && m.comparison.a.estimate !== null ? [(m.comparison.a.estimate - m.comparison.a.interval.low) * 100, (m.comparison.a.interval.high - m.comparison.a.estimate) * 100] : [0, 0],
    canaryError: m.comparison.b.interval && m.comparison.b.estimate !== null ? [(m.comparison.b.estimate - m.comparison.b.interval.low) * 100, (m.comparison.b.interval.high - m.comparison.b.estimate) * 100] : [0, 0],
  }));
  const armLabel = { control: `Release ${e.control.number}${e.control.live ? " (live)" : ""}`, canary: `Release ${e.canary.number} (canary)` };

  return (
    <div className="flex flex-col gap-6" data-testid="experiment">
      <Card>
        <CardHeader>
          <CardTitle>
            {armLabel.canary} against {armLabel.control}
          </CardTitle>
          <CardDescription>
            {e.canary.running ? `Running: ${e.canary.percent}% of new conversations get the canary. ` : ""}
            Conversations started {when(e.window.start)} – {e.window.ongoing ? "now" : when(e.window.end)} on the API and widget: {e.conversations.control} on release {e.control.number},{" "}
            {e.conversations.canary} on release {e.canary.number}.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          {e.autoRollback ? (
            <p role="status" className="flex items-start gap-2 rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="auto-rollback">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span>
                Rolled back automatically on {when(e.autoRollback.at)}: the canary was significantly worse on{" "}
                {e.autoRollback.breaches
                  .map((b) => `${b.label} (${b.kind === "proportion" ? `${pct(b.canary.estimate)} against ${pct(b.control.estimate)}` : `${num(b.canary.estimate)} against ${num(b.control.estimate)}`}, p ${pValue(b.pValue)})`)
                  .join(", ")}
                . Release {e.autoRollback.control ?? e.control.number} serves every new conversation again.
              </span>
            </p>
          ) : null}
          {e.guardAlerts.length ? (
            <p role="alert" className="flex items-start gap-2 rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="guard-alert">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              The canary is significantly worse on {e.guardAlerts.join(", ")} (p &lt; 0.05). Consider rolling it back.
            </p>
          ) : null}
          {e.simpson.length ? (
            <p role="status" className="flex items-start gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="simpson-warning">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              Simpson&apos;s paradox on {e.simpson.join(", ")}: overall the difference points one way, within journeys the other. The arms got a different mix of journeys; trust the per-journey view below.
            </p>
          ) : null}
          {e.canary.running && can("releases:publish") ? (
            <div className="flex flex-wrap gap-2">
              <Button onClick={() => setConfirming("promote")}>Promote release {e.canary.number}</Button>
              <Button variant="destructive-outline" onClick={() => setConfirming("rollback")}>
                Roll back the canary
              </Button>
            </div>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Metrics</CardTitle>
          <CardDescription>
            Each arm&apos;s value with its 95% interval (Wilson for rates, t for means), the canary&apos;s difference with its interval, the p-value (two-proportion z test; Welch&apos;s t for
            means) and how many conversations per arm 80% power needs to tell the observed difference from chance.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <div aria-hidden="true" className="h-64 w-full" data-testid="experiment-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chart} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
                <XAxis dataKey="label" tick={axis} />
                <YAxis unit="%" tick={axis} domain={[0, 100]} />
                <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Bar dataKey="control" name={armLabel.control} fill={ARM_COLOURS.control} isAnimationActive={false}>
                  <ErrorBar dataKey="controlError" width={4} stroke="#18181b" />
                </Bar>
                <Bar dataKey="canary" name={armLabel.canary} fill={ARM_COLOURS.canary} isAnimationActive={false}>
                  <ErrorBar dataKey="canaryError" width={4} stroke="#18181b" />
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <Table data-testid="experiment-metrics">
            <caption className="sr-only">Each metric for both releases, the difference and its test</caption>
            <THead>
              <tr>
                <Th>Metric</Th>
                <Th data-testid="arm-control">{armLabel.control}</Th>
                <Th data-testid="arm-canary">{armLabel.canary}</Th>
                <Th>Difference</Th>
                <Th>p-value</Th>
                <Th>Still needed per arm</Th>
              </tr>
            </THead>
            <TBody>
              {e.metrics.map((m) => (
                <tr key={m.key} data-metric={m.key}>
                  <Td>
                    <span className="block">{m.label}</span>
                    <span className="block text-xs text-zinc-600">
                      {m.help}
                      {m.guard ? "; guard metric" : ""}
                    </span>
                  </Td>
                  <Td className="tabular-nums">
                    {value(m, m.comparison.a.estimate)} <span className="block text-xs text-zinc-600">{range(m, m.comparison.a.interval)} (n {m.comparison.a.n})</span>
                  </Td>
                  <Td className="tabular-nums">
                    {value(m, m.comparison.b.estimate)} <span className="block text-xs text-zinc-600">{range(m, m.comparison.b.interval)} (n {m.comparison.b.n})</span>
                  </Td>
                  <Td className={m.significantlyWorse ? "tabular-nums text-red-700" : m.significantlyBetter ? "tabular-nums text-emerald-700" : "tabular-nums"}>
                    {value(m, m.comparison.difference, true)}
                    <span className="block text-xs text-zinc-600">{range(m, m.comparison.differenceInterval, true)}</span>
                  </Td>
                  <Td className="tabular-nums">
                    {pValue(m.comparison.pValue)}
                    {m.significantlyWorse ? <span className="block text-xs text-red-700">worse</span> : m.significantlyBetter ? <span className="block text-xs text-emerald-700">better</span> : null}
                  </Td>
                  <Td className="tabular-nums">{m.comparison.stillNeededPerArm === null ? "—" : m.comparison.stillNeededPerArm === 0 ? "enough" : m.comparison.stillNeededPerArm}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
          <p className="text-xs text-zinc-600">
            Open the arms&apos; conversations:{" "}
            <Link className="text-brand-700 underline" href={`${conversationsPath}?release=${e.control.number}`}>
              release {e.control.number}
            </Link>
            ,{" "}
            <Link className="text-brand-700 underline" href={`${conversationsPath}?release=${e.canary.number}`}>
              release {e.canary.number}
            </Link>
            .
          </p>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>By journey</CardTitle>
          <CardDescription>
            Each rate within each journey. The within-journey difference is the Mantel–Haenszel pooled one; when it and the overall difference point opposite ways, the overall one misleads.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-6" data-testid="experiment-strata">
          {proportions.map((m) => (
            <div key={m.key} className="flex flex-col gap-2">
              <h3 className="text-sm font-semibold text-zinc-900">
                {m.label}: overall {value(m, m.stratified?.crude ?? null, true)}, within journeys {value(m, m.stratified?.mantelHaenszel ?? null, true)}
                {m.stratified?.simpson ? <span className="ml-2 text-amber-800">Simpson&apos;s paradox</span> : null}
              </h3>
              <Table>
                <caption className="sr-only">{m.label} per journey</caption>
                <THead>
                  <tr>
                    <Th>Journey</Th>
                    <Th>{armLabel.control}</Th>
                    <Th>{armLabel.canary}</Th>
                    <Th>Difference</Th>
                  </tr>
                </THead>
                <TBody>
                  {(m.strata ?? []).map((s) => {
                    const a = s.control.n ? s.control.k / s.control.n : null;
                    const b = s.canary.n ? s.canary.k / s.canary.n : null;
                    return (
                      <tr key={s.journeyId ?? "none"}>
                        <Td>{s.label}</Td>
                        <Td className="tabular-nums">
                          {value(m, a)} <span className="text-xs text-zinc-600">({s.control.k}/{s.control.n})</span>
                        </Td>
                        <Td className="tabular-nums">
                          {value(m, b)} <span className="text-xs text-zinc-600">({s.canary.k}/{s.canary.n})</span>
                        </Td>
                        <Td className="tabular-nums">{a === null || b === null ? "—" : value(m, b - a, true)}</Td>
                      </tr>
                    );
                  })}
                </TBody>
              </Table>
            </div>
          ))}
        </CardContent>
      </Card>

      <ConfirmDialog
        open={confirming !== null}
        onClose={() => {
          setConfirming(null);
          promote.reset();
          rollback.reset();
        }}
        title={confirming === "promote" ? `Make release ${e.canary.number} live?` : `Stop the canary of release ${e.canary.number}?`}
        description={
          confirming === "promote"
            ? `Every new conversation gets release ${e.canary.number}; open ones keep their release. The canary ends.`
            : `New conversations all get release ${e.control.number} again; conversations already on release ${e.canary.number} keep it.`
        }
        confirmLabel={confirming === "promote" ? "Promote" : "Roll back"}
        pending={pending.isPending}
        error={pending.isError ? errorMessage(pending.error) : null}
        onConfirm={() => (confirming === "promote" ? promote.mutate({ workspace, agentId, releaseId: e.canary.releaseId }) : rollback.mutate({ workspace, agentId, releaseId: null }))}
      />
    </div>
  );
}
