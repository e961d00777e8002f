"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing, Check, Search } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { InsightsTabs } from "@/components/topics/insights-tabs";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { AlertChart } from "./alert-chart";

const RATES = new Set(["escalation_rate", "resolution_rate", "denial_rate", "abandonment_rate"]);
const show = (metric: string, v: number) => (RATES.has(metric) ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 10) / 10));
const shortDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const longDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" });

/** An agent's anomaly alerts: the list, the chart that fired the selected one, acknowledge and check now. */
export function AgentAlerts({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const can = useCan(workspace);
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  const agentId = current.data?.id ?? "";
  const list = useQuery({ ...trpc.alerts.list.queryOptions({ workspace, agentId }), enabled: !!agentId });
  const alerts = list.data?.alerts ?? [];
  const selectedId = params.get("alert") ?? alerts.find((a) => a.status === "open")?.id ?? alerts[0]?.id ?? "";
  const detail = useQuery({ ...trpc.alerts.get.queryOptions({ workspace, alertId: selectedId }), enabled: !!selectedId });
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.alerts.get.queryKey() })]);
  const acknowledge = useMutation(
    trpc.alerts.acknowledge.mutationOptions({
      onSuccess: async () => {
        await refresh();
        notify.success("Alert acknowledged");
      },
      onError: (e) => notify.failure(e, "Could not acknowledge the alert"),
    }),
  );
  const check = useMutation(
    trpc.alerts.checkNow.mutationOptions({
      onSuccess: async (r) => {
        await refresh();
        notify.success(r.created ? `${r.created} new ${r.created === 1 ? "alert" : "alerts"}` : "No new anomaly", `Checked ${shortDay(r.from)} – ${shortDay(r.to)}`);
      },
      onError: (e) => notify.failure(e, "Could not check for anomalies"),
    }),
  );
  const canManage = can("insights:manage");
  const checkButton = canManage ? (
    <Button variant="secondary" disabled={check.isPending || !agentId} onClick={() => check.mutate({ workspace, agentId })}>
      <Search />
      {check.isPending ? "Checking…" : "Check now"}
    </Button>
  ) : null;
  const selected = detail.data?.alert;

  return (
    <div className="flex flex-col gap-6">
      <InsightsTabs workspace={workspace} agent={agent} />
      <PageHeader
        title="Alerts"
        description="Days when a metric left its baseline: the median of the previous 28 days with a day-of-week term, by more than 3.5 scaled MADs, on at least 10 conversations. Checked every night for the day before."
        actions={checkButton}
      />

      {list.isError ? (
        <EmptyState icon={<BellRing />} title="Could not load the alerts">
          {errorMessage(list.error)}
        </EmptyState>
      ) : !list.data ? (
        <div className="h-64 animate-pulse rounded-card bg-zinc-100" aria-busy="true" aria-label="Loading alerts" />
      ) : alerts.length === 0 ? (
        <EmptyState data-testid="alerts-empty" icon={<BellRing />} title="No anomalies" action={checkButton}>
          No day has left its baseline for conversations, escalation, resolution, denial or abandonment rates, overall or per journey. A baseline needs at least 7 days of history.
        </EmptyState>
      ) : (
        <>
          {detail.isError ? (
            <EmptyState icon={<BellRing />} title="Could not load this alert">
              {errorMessage(detail.error)}
            </EmptyState>
          ) : !detail.data || !selected ? (
            <div className="h-80 animate-pulse rounded-card bg-zinc-100" aria-busy="true" aria-label="Loading the alert's chart" />
          ) : (
            <Card data-testid="alert-detail">
              <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
                <div>
                  <CardTitle>
                    {selected.metricLabel}
                    {selected.journeyName ? ` · ${selected.journeyName}` : " · all conversations"} on {longDay(selected.day)}
                  </CardTitle>
                  <CardDescription>
                    {show(selected.metric, selected.value)} against an expected {show(selected.metric, selected.expected)} — {Math.abs(selected.score).toFixed(1)} scaled MADs{" "}
                    {selected.score > 0 ? "above" : "below"} (threshold {selected.threshold}), on {selected.volume} {selected.metric === "denial_rate" ? "policy decisions" : "conversations"}.
                    {selected.baselineDays < 28 ? ` The agent had only ${selected.baselineDays} days of history before it, so the baseline uses those instead of 28.` : ""}
                  </CardDescription>
                </div>
                {selected.status === "acknowledged" ? (
                  <Badge data-testid="alert-acknowledged">
                    <Check className="mr-1 size-3" />
                    Acknowledged{selected.acknowledgedBy ? ` by ${selected.acknowledgedBy.name}` : ""}
                  </Badge>
                ) : canManage ? (
                  <Button disabled={acknowledge.isPending} onClick={() => acknowledge.mutate({ workspace, alertId: selected.id })}>
                    <Check />
                    {acknowledge.isPending ? "Acknowledging…" : "Acknowledge"}
                  </Button>
                ) : null}
              </CardHeader>
              <CardContent>
                <AlertChart
                  rate={detail.data.alert.kind === "rate"}
                  data={detail.data.chart.map((p) => ({
                    label: shortDay(p.day),
                    value: p.value,
                    expected: p.expected,
                    band: p.low === null || p.high === null ? null : [p.low, p.high],
                    fired: p.fired,
                  }))}
                />
              </CardContent>
            </Card>
          )}

          <Table data-testid="alerts-table">
            <THead>
              <tr>
                <Th>Day</Th>
                <Th>Metric</Th>
                <Th>Journey</Th>
                <Th>Actual</Th>
                <Th>Expected</Th>
                <Th>Departure</Th>
                <Th>Status</Th>
              </tr>
            </THead>
            <TBody>
              {alerts.map((a) => (
                <tr
                  key={a.id}
                  data-testid="alert-row"
                  data-selected={a.id === selectedId ? "true" : undefined}
                  className={cn(a.id === selectedId && "bg-brand-50")}
                >
                  <Td>
                    <button type="button" className="font-medium text-brand-700 hover:underline" aria-label={`Show ${a.metricLabel} on ${shortDay(a.day)}`} aria-current={a.id === selectedId ? "true" : undefined} onClick={() => router.push(`${pathname}?alert=${a.id}`)}>
                      {shortDay(a.day)}
                    </button>
                  </Td>
                  <Td>{a.metricLabel}</Td>
                  <Td>{a.journeyName ?? "All"}</Td>
                  <Td>{show(a.metric, a.value)}</Td>
                  <Td>{show(a.metric, a.expected)}</Td>
                  <Td>
                    {a.score > 0 ? "▲" : "▼"} {Math.abs(a.score).toFixed(1)} MADs
                  </Td>
                  <Td data-testid="alert-status">{a.status === "open" ? "Open" : "Acknowledged"}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        </>
      )}
    </div>
  );
}
