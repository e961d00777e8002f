"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-field";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { errorMessage } from "@/lib/form-errors";
import type { AgentMetricsInput } from "@/lib/schemas/insights";
import { useTRPC } from "@/lib/trpc/client";
import { OUTCOME_COLOURS } from "./insight-charts";

const axis = { fontSize: 12, fill: "#3f3f46" };

/**
 * A journey's funnel over the dashboard's filters: entered → each step reached → completed / escalated /
 * dropped, counted as the canvas's drop-off overlay counts (over these days instead of all time).
 */
export function JourneyFunnelCard(props: {
  workspace: string;
  filters: Omit<AgentMetricsInput, "journeyId">;
  journeys: { id: string; name: string }[];
  journeyId: string | null;
  onJourney: (id: string) => void;
  csv: (journeyId: string) => string;
}) {
  const trpc = useTRPC();
  const journeyId = props.journeyId ?? props.journeys[0]?.id ?? "";
  const funnel = useQuery({ ...trpc.insights.journeyFunnel.queryOptions({ workspace: props.workspace, filters: props.filters, journeyId }), enabled: !!journeyId });
  const f = funnel.data;
  const bars = f
    ? [
        { label: "Entered", n: f.entered, colour: "#0369a1" },
        ...f.steps.map((s) => ({ label: s.label, n: s.reached, colour: "#52525b" })),
        { label: "Completed", n: f.completed, colour: OUTCOME_COLOURS.resolved },
        { label: "Escalated", n: f.escalated, colour: OUTCOME_COLOURS.escalated },
        { label: "Dropped", n: f.dropped, colour: "#71717a" },
      ]
    : [];
  return (
    <Card data-testid="journey-funnel">
      <CardHeader>
        <CardTitle>Journey funnel</CardTitle>
        <CardDescription>
          Conversations that entered the journey in these days, how many reached each step, and how they ended. The same counting as the canvas&apos;s drop-off overlay, over these days.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {props.journeys.length === 0 ? (
          <p className="text-sm text-zinc-600">The agent has no journeys yet.</p>
        ) : (
          <>
            <div className="flex flex-wrap items-end gap-3">
              <div className="flex flex-col gap-1">
                <Label htmlFor="funnel-journey">Journey</Label>
                <Select id="funnel-journey" value={journeyId} onChange={(e) => props.onJourney(e.target.value)}>
                  {props.journeys.map((j) => (
                    <option key={j.id} value={j.id}>
                      {j.name}
                    </option>
                  ))}
                </Select>
              </div>
              {f ? (
                <a className="text-sm text-brand-700 hover:underline" href={props.csv(journeyId)} download>
                  Download CSV
                </a>
              ) : null}
            </div>
            {funnel.isError ? (
              <FormError>{errorMessage(funnel.error)}</FormError>
            ) : !f ? (
              <div className="h-48 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
            ) : f.entered === 0 ? (
              <p className="text-sm text-zinc-600">No conversation entered {f.journey.name} in these days.</p>
            ) : (
              <>
                <div aria-hidden="true" className="w-full" style={{ height: 48 + bars.length * 30 }} data-testid="funnel-chart">
                  <ResponsiveContainer width="100%" height="100%">
                    <BarChart data={bars} layout="vertical" accessibilityLayer={false} margin={{ top: 0, right: 8, bottom: 0, left: 8 }}>
                      <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e4e7" />
                      <XAxis type="number" allowDecimals={false} tick={axis} />
                      <YAxis type="category" dataKey="label" width={180} tick={axis} />
                      <Tooltip />
                      <Bar dataKey="n" name="conversations" isAnimationActive={false}>
                        {bars.map((b, i) => (
                          <Cell key={i} fill={b.colour} />
                        ))}
                      </Bar>
                    </BarChart>
                  </ResponsiveContainer>
                </div>
                <Table data-testid="funnel-table" scrollLabel="Journey funnel steps">
                  <caption className="sr-only">Journey funnel of {f.journey.name}</caption>
                  <THead>
                    <tr>
                      <Th>Step</Th>
                      <Th>Conversations</Th>
                      <Th>Share of entered</Th>
                      <Th>Went no further</Th>
                    </tr>
                  </THead>
                  <TBody>
                    {[
                      { key: "entered", label: "Entered", n: f.entered, left: null as number | null },
                      ...f.steps.map((s) => ({ key: s.nodeId, label: s.label, n: s.reached, left: s.left as number | null })),
                      { key: "completed", label: "Completed (resolved)", n: f.completed, left: null },
                      { key: "escalated", label: "Escalated", n: f.escalated, left: null },
                      { key: "dropped", label: "Dropped (open or abandoned)", n: f.dropped, left: null },
                    ].map((r) => (
                      <tr key={r.key}>
                        <Td>{r.label}</Td>
                        <Td className="tabular-nums">{r.n}</Td>
                        <Td className="tabular-nums">{`${((r.n / f.entered) * 100).toFixed(1)}%`}</Td>
                        <Td className="tabular-nums">{r.left ?? ""}</Td>
                      </tr>
                    ))}
                  </TBody>
                </Table>
              </>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
