"use client";

import { useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { QueryView } from "@/components/ui/query-view";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { RunStatusBadge, formatMs, isActive, resultSummary, targetLabel } from "./run-status";

const triggerLabels: Record<string, string> = { studio: "Studio", cli: "CLI", publish: "Publish gate" };

/** The agent's runs, newest first; it refreshes while one is under way. */
export function RunsTable({ workspace, agent, agentId }: { workspace: string; agent: string; agentId: string }) {
  const trpc = useTRPC();
  const runs = useQuery({
    ...trpc.evals.listRuns.queryOptions({ workspace, agentId }),
    refetchInterval: (query) => (query.state.data?.some((r) => isActive(r.status)) ? 2000 : false),
  });
  return (
    <QueryView
      query={runs}
      empty={
        <EmptyState icon={<History />} title="No runs yet">
          Run a suite or one case against the draft, the live release or an earlier release; its results show here.
        </EmptyState>
      }
    >
      {(rows) => (
        <Table data-testid="runs-table">
          <caption className="sr-only">Runs</caption>
          <THead>
            <tr>
              <Th>Run</Th>
              <Th>Suite</Th>
              <Th>Against</Th>
              <Th>Status</Th>
              <Th>Result</Th>
              <Th>From</Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="run-row" data-status={r.status}>
                <Td>
                  <Link href={`/${workspace}/agents/${agent}/evals/runs/${r.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    {new Date(r.createdAt).toLocaleString()}
                  </Link>
                  {r.finishedAt ? <span className="block text-xs text-zinc-600">took {formatMs(new Date(r.finishedAt).getTime() - new Date(r.createdAt).getTime())}</span> : null}
                </Td>
                <Td>{r.suiteName ?? (r.suiteId ? "a deleted suite" : "Gating suites")}</Td>
                <Td>
                  {targetLabel(r.target, r.releaseNumber)}
                  {r.repeat > 1 ? <span className="block text-xs text-zinc-600">{r.repeat} attempts each</span> : null}
                </Td>
                <Td>
                  <RunStatusBadge status={r.status} />
                </Td>
                <Td className="text-sm text-zinc-700">
                  {isActive(r.status) ? `${r.done} of ${r.total} ${r.repeat > 1 ? "attempts" : "cases"} done` : r.status === "error" ? <span className="text-red-700">{r.error ?? "The run could not finish"}</span> : resultSummary(r)}
                </Td>
                <Td className="text-sm text-zinc-700">{triggerLabels[r.trigger] ?? r.trigger}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </QueryView>
  );
}
