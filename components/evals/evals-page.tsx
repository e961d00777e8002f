"use client";

import { useQuery } from "@tanstack/react-query";
import { ListChecks, Plus, Upload } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { ImportSuiteDialog } from "./import-suite-dialog";
import { RunStatusBadge, isActive, resultSummary } from "./run-status";
import { RunsTable } from "./runs-table";
import { SuiteDialog, type SuiteDialogTarget } from "./suite-dialog";
import { SuitePanel } from "./suite-panel";

/** The agent's eval suites: their cases, runs against the draft or a release, and which suites gate publishing. */
export function EvalsPage({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  return <QueryView query={current}>{({ id }) => <Evals workspace={workspace} agent={agent} agentId={id} />}</QueryView>;
}

function Evals({ workspace, agent, agentId }: { workspace: string; agent: string; agentId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const canWrite = useCan(workspace)("evals:write");
  const suites = useQuery({
    ...trpc.evals.listSuites.queryOptions({ workspace, agentId }),
    // A suite's last run is shown with its status: follow it while it runs.
    refetchInterval: (query) => (query.state.data?.some((s) => s.lastRun && isActive(s.lastRun.status)) ? 2000 : false),
  });
  const [suiteDialog, setSuiteDialog] = useState<SuiteDialogTarget | null>(null);
  const [importing, setImporting] = useState(false);
  const rows = suites.data ?? [];
  // The open suite is in the URL (?suite=), so a reload or a link keeps it; the first suite otherwise.
  const selectedId = rows.find((s) => s.id === searchParams.get("suite"))?.id ?? rows[0]?.id ?? null;
  const select = (suiteId: string | null) => router.replace(suiteId ? `${pathname}?suite=${suiteId}` : pathname, { scroll: false });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Evals"
        description="Suites of test conversations the agent must get right. Run them against the draft before publishing; a gating suite's cases must pass for the draft to be published."
        actions={
          canWrite ? (
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => setImporting(true)}>
                <Upload /> Import suite
              </Button>
              <Button onClick={() => setSuiteDialog({ mode: "create" })}>
                <Plus /> New suite
              </Button>
            </div>
          ) : null
        }
      />

      <QueryView
        query={suites}
        empty={
          <EmptyState
            icon={<ListChecks />}
            title="No suites yet"
            action={
              canWrite ? (
                <Button onClick={() => setSuiteDialog({ mode: "create" })}>
                  <Plus /> New suite
                </Button>
              ) : undefined
            }
          >
            {canWrite
              ? "Create a suite, add cases (a customer's messages and what the agent must do), and run it against the draft. Or import a suite file, or turn a conversation into a case with “Make this a test”."
              : "Builders create suites of test conversations here."}
          </EmptyState>
        }
      >
        {(list) => (
          <Table data-testid="suites-table">
            <caption className="sr-only">Suites</caption>
            <THead>
              <tr>
                <Th>Suite</Th>
                <Th>Gating</Th>
                <Th>Cases</Th>
                <Th>Known failures</Th>
                <Th>Last run</Th>
              </tr>
            </THead>
            <TBody>
              {list.map((s) => (
                <tr key={s.id} data-testid="suite-row" className={cn(s.id === selectedId && "bg-brand-50/40")}>
                  <Td>
                    <Link
                      href={`${pathname}?suite=${s.id}`}
                      scroll={false}
                      aria-current={s.id === selectedId ? "true" : undefined}
                      className="font-medium text-zinc-900 underline-offset-2 hover:underline"
                    >
                      {s.name}
                    </Link>
                    {s.description ? <p className="text-xs text-zinc-600">{s.description}</p> : null}
                  </Td>
                  <Td>{s.gating ? <Badge variant="brand">gating</Badge> : <span className="text-zinc-600">no</span>}</Td>
                  <Td className="tabular-nums">{s.caseCount}</Td>
                  <Td className="tabular-nums">{s.knownFailures}</Td>
                  <Td>
                    {s.lastRun ? (
                      <Link href={`/${workspace}/agents/${agent}/evals/runs/${s.lastRun.id}`} className="inline-flex flex-col gap-0.5 text-sm hover:underline">
                        <span className="flex items-center gap-2">
                          <RunStatusBadge status={s.lastRun.status} />
                          <span className="whitespace-nowrap text-zinc-700">{isActive(s.lastRun.status) ? "under way" : resultSummary(s.lastRun)}</span>
                        </span>
                        <span className="text-xs text-zinc-600">{new Date(s.lastRun.finishedAt ?? s.lastRun.createdAt).toLocaleString()}</span>
                      </Link>
                    ) : (
                      <span className="text-zinc-600">never run</span>
                    )}
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </QueryView>

      {selectedId ? (
        <SuitePanel
          key={selectedId}
          workspace={workspace}
          agent={agent}
          agentId={agentId}
          suiteId={selectedId}
          canWrite={canWrite}
          onEdit={(values) => setSuiteDialog({ mode: "edit", suiteId: selectedId, values })}
          onDeleted={() => select(null)}
        />
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Runs</CardTitle>
          <CardDescription>Every run of this agent&apos;s suites, newest first, from the studio, the CLI and the publish gate.</CardDescription>
        </CardHeader>
        <CardContent>
          <RunsTable workspace={workspace} agent={agent} agentId={agentId} />
        </CardContent>
      </Card>

      <SuiteDialog workspace={workspace} agentId={agentId} target={suiteDialog} onClose={() => setSuiteDialog(null)} onCreated={select} />
      <ImportSuiteDialog workspace={workspace} agentId={agentId} open={importing} onClose={() => setImporting(false)} onImported={select} />
    </div>
  );
}
