"use client";

import { useQuery } from "@tanstack/react-query";
import { Receipt } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useHydrated } from "@/lib/use-hydrated";

const PALETTE = ["#0369a1", "#047857", "#c2410c", "#7c3aed", "#52525b", "#a16207", "#be123c", "#0f766e"];
const axis = { fontSize: 12, fill: "#3f3f46" };
const isMonth = (v: string | null): v is string => !!v && /^\d{4}-(0[1-9]|1[0-2])$/.test(v);

function lastMonths(n: number): { from: string; to: string } {
  const now = new Date();
  const at = (back: number) => {
    const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
  };
  return { from: at(n - 1), to: at(0) };
}

/** Resolved conversations per month per agent: what outcome-based pricing counts. */
export function OutcomeReport({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const hydrated = useHydrated();
  const fallback = lastMonths(6);
  const from = isMonth(params.get("from")) ? params.get("from")! : fallback.from;
  const to = isMonth(params.get("to")) ? params.get("to")! : fallback.to;
  const timeZone = hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC";
  const report = useQuery({ ...trpc.insights.outcomeReport.queryOptions({ workspace, from, to, timeZone }), enabled: hydrated });
  const go = (next: { from: string; to: string }) => router.push(`${pathname}?${new URLSearchParams(next)}`);

  const agents = [...new Map((report.data?.rows ?? []).map((r) => [r.agentId, r.agentName])).entries()];
  const chart = (report.data?.months ?? []).map((month) => ({
    month,
    ...Object.fromEntries(agents.map(([id]) => [id, report.data!.rows.find((r) => r.month === month && r.agentId === id)?.resolved ?? 0])),
  }));
  const csv = `/api/insights/csv?${new URLSearchParams({ workspace, table: "outcomes", from, to, timeZone })}`;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Outcomes" description="Conversations each agent resolved, per month: the unit of outcome-based pricing. A conversation counts in the month it ended resolved." />
      <div className="grid gap-3 sm:grid-cols-2 lg:w-96">
        <div className="flex flex-col gap-1">
          <Label htmlFor="outcomes-from">From month</Label>
          <Input id="outcomes-from" type="month" value={from} onChange={(e) => isMonth(e.target.value) && go({ from: e.target.value, to })} />
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor="outcomes-to">To month</Label>
          <Input id="outcomes-to" type="month" value={to} onChange={(e) => isMonth(e.target.value) && go({ from, to: e.target.value })} />
        </div>
      </div>
      {report.isError ? (
        <FormError>{errorMessage(report.error)}</FormError>
      ) : !report.data ? (
        <div className="h-64 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
      ) : report.data.rows.length === 0 ? (
        <EmptyState data-testid="outcomes-empty" icon={<Receipt />} title="No resolved conversations in these months">
          Pick other months, or let the agents talk to customers: a conversation counts here once it ends resolved.
        </EmptyState>
      ) : (
        <Card>
          <CardHeader>
            <CardTitle>{report.data.total} resolved conversations</CardTitle>
            <CardDescription>Per month and agent; &ldquo;without a person&rdquo; counts those no human agent took over.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <div aria-hidden="true" className="h-64 w-full" data-testid="outcomes-chart">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chart} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
                  <XAxis dataKey="month" tick={axis} />
                  <YAxis allowDecimals={false} tick={axis} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  {agents.map(([id, name], i) => (
                    <Bar key={id} dataKey={id} name={name} stackId="m" fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </div>
            <Table data-testid="outcomes-table">
              <caption className="sr-only">Resolved conversations per month and agent</caption>
              <THead>
                <tr>
                  <Th>Month</Th>
                  <Th>Agent</Th>
                  <Th>Resolved</Th>
                  <Th>Without a person</Th>
                </tr>
              </THead>
              <TBody>
                {report.data.rows.map((r) => (
                  <tr key={`${r.month}/${r.agentId}`}>
                    <Td>{r.month}</Td>
                    <Td>{r.agentName}</Td>
                    <Td className="tabular-nums">{r.resolved}</Td>
                    <Td className="tabular-nums">{r.contained}</Td>
                  </tr>
                ))}
              </TBody>
            </Table>
            <a className="self-start text-sm text-brand-700 hover:underline" href={csv} download>
              Download CSV
            </a>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
