"use client";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import type { AgentMetrics } from "@/server/services/insights/agent-metrics";

const points = (n: number | null) => (n === null ? "—" : `${Math.round(n * 100)}%`);

/** Review scores per criterion: people's and the AI judge's, side by side, and how often they agree. */
export function ScoresCard({ scores, csv }: { scores: AgentMetrics["quality"]["scores"]; csv: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Review scores</CardTitle>
        <CardDescription>
          The scorecard&apos;s criteria on these conversations: the average by reviewers and by the AI judge (pass = 100%, 1–5 scaled to 0–100%), and how often both gave the same value where both scored.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {scores.length === 0 ? (
          <p className="text-sm text-zinc-600">No conversation in these days has a score. Reviewers score conversations from the transcript; the AI judge scores criteria set to AI.</p>
        ) : (
          <>
            <Table data-testid="scores-table">
              <caption className="sr-only">Review scores per criterion</caption>
              <THead>
                <tr>
                  <Th>Criterion</Th>
                  <Th>Reviewers</Th>
                  <Th>AI judge</Th>
                  <Th>Agreement</Th>
                </tr>
              </THead>
              <TBody>
                {scores.map((s) => (
                  <tr key={s.criterionId}>
                    <Td>
                      {s.name}
                      {s.archived ? <span className="text-xs text-zinc-600"> (archived)</span> : null}
                    </Td>
                    <Td className="tabular-nums">
                      {points(s.human.averagePoints)} <span className="text-xs text-zinc-600">({s.human.count})</span>
                    </Td>
                    <Td className="tabular-nums">
                      {points(s.ai.averagePoints)} <span className="text-xs text-zinc-600">({s.ai.count})</span>
                    </Td>
                    <Td className="tabular-nums">{s.both ? `${s.agreed} of ${s.both}` : "—"}</Td>
                  </tr>
                ))}
              </TBody>
            </Table>
            <a className="self-start text-sm text-brand-700 hover:underline" href={csv} download>
              Download CSV
            </a>
          </>
        )}
      </CardContent>
    </Card>
  );
}
