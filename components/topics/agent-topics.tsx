"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Layers, RefreshCw } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { topicPeriods } from "@/lib/schemas/topics";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import type { TopicList } from "@/server/services/topics/list-topics";
import { InsightsTabs } from "./insights-tabs";
import { TopicVolumeChart } from "./topic-volume-chart";

type Topic = TopicList["topics"][number];
type Period = (typeof topicPeriods)[number];

const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)}%`);
const GAP_LABELS = { unhandled: "No journey handles it", growing: "Growing" } as const;

function trend(t: Topic, comparable: boolean): string {
  if (!comparable) return "no comparison";
  if (t.previous === 0) return t.current > 0 ? "new" : "—";
  const change = Math.round((t.trend ?? 0) * 100);
  return `${change > 0 ? "+" : change < 0 ? "−" : "±"}${Math.abs(change)}%`;
}

/** An agent's topics: what customers came for, which of those are gaps, each opening its conversations. */
export function AgentTopics({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const can = useCan(workspace);
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  const agentId = current.data?.id ?? "";
  const days = (topicPeriods as readonly number[]).includes(Number(params.get("days"))) ? (Number(params.get("days")) as Period) : 7;
  const list = useQuery({ ...trpc.topics.list.queryOptions({ workspace, agentId, days }), enabled: !!agentId });
  const recompute = useMutation(
    trpc.topics.recompute.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries({ queryKey: trpc.topics.list.queryKey() });
        if (r.namingError) notify.failure(new Error(r.namingError), "Topics recomputed, but the model could not name them: they are labelled by their terms");
        else notify.success("Topics recomputed", `${r.topics} topics from ${r.conversations} conversations`);
      },
      onError: (e) => notify.failure(e, "Could not recompute the topics"),
    }),
  );
  const agentPath = `/${workspace}/agents/${agent}`;
  const conversationsOf = (t: Topic) => `${agentPath}/conversations?topic=${t.id}`;
  const canRecompute = can("insights:manage");
  const recomputeButton = canRecompute ? (
    <Button variant="secondary" disabled={recompute.isPending || !agentId} onClick={() => recompute.mutate({ workspace, agentId })}>
      <RefreshCw className={recompute.isPending ? "animate-spin" : undefined} />
      {recompute.isPending ? "Recomputing…" : "Recompute"}
    </Button>
  ) : null;

  const data = list.data;
  const gaps = data?.topics.filter((t) => t.gaps.length > 0) ?? [];

  return (
    <div className="flex flex-col gap-6">
      <InsightsTabs workspace={workspace} agent={agent} />
      <PageHeader
        title="Topics"
        description="What customers came for, clustered from their first messages. Gaps — topics no journey handles, or that grow — are the builder's to-do list."
        actions={
          <div className="flex items-end gap-3">
            <div className="flex flex-col gap-1">
              <Label htmlFor="topics-period">Period</Label>
              <Select id="topics-period" value={String(days)} onChange={(e) => router.push(`${pathname}?days=${e.target.value}`)}>
                {topicPeriods.map((d) => (
                  <option key={d} value={d}>
                    Last {d} days
                  </option>
                ))}
              </Select>
            </div>
            {recomputeButton}
          </div>
        }
        className="items-end"
      />

      {list.isError ? (
        <EmptyState icon={<Layers />} title="Could not load the topics">
          {errorMessage(list.error)}
        </EmptyState>
      ) : !data ? (
        <div className="h-64 animate-pulse rounded-card bg-zinc-100" aria-busy="true" aria-label="Loading topics" />
      ) : !data.run ? (
        <EmptyState data-testid="topics-empty" icon={<Layers />} title="No topics yet" action={recomputeButton}>
          Topics are computed every night from the agent&apos;s conversations of the last 60 days.{canRecompute ? " Recompute to see them now." : ""}
        </EmptyState>
      ) : data.topics.length === 0 ? (
        <EmptyState data-testid="topics-empty" icon={<Layers />} title="Not enough conversations to cluster" action={recomputeButton}>
          The last run found {data.run.conversations} conversations with a customer message in the last 60 days; topics need at least 10.
        </EmptyState>
      ) : (
        <>
          <p className="text-sm text-zinc-500" data-testid="topics-run">
            {data.run.conversations} conversations clustered into {data.topics.length} topics on {new Date(data.run.computedAt).toLocaleString()}, named{" "}
            {data.run.labelledBy === "llm" ? "by the workspace's model" : "by their most distinctive terms"}. Volumes are the {days} days before that run against the {days} days before those
            {data.period?.comparable ? "" : " (the agent has no conversations in the earlier period: no trends yet)"}.
          </p>

          <Card data-testid="topic-gaps">
            <CardHeader>
              <CardTitle>Gaps</CardTitle>
              <CardDescription>Topics no journey handles (most of their conversations fall through to knowledge or &ldquo;I don&apos;t know&rdquo;) and topics that grow.</CardDescription>
            </CardHeader>
            <CardContent>
              {gaps.length === 0 ? (
                <p className="text-sm text-zinc-500">No gaps: every topic reaches a journey, and none grows fast.</p>
              ) : (
                <ul className="flex flex-col divide-y divide-zinc-100">
                  {gaps.map((t) => (
                    <li key={t.id} className="flex flex-wrap items-center justify-between gap-3 py-2" data-testid="topic-gap">
                      <div className="min-w-0">
                        <p className="font-medium text-zinc-900">{t.label}</p>
                        <p className="truncate text-sm text-zinc-500">&ldquo;{t.examples[0]}&rdquo;</p>
                      </div>
                      <div className="flex flex-wrap items-center gap-2">
                        {t.gaps.map((g) => (
                          <Badge key={g} className="bg-orange-50 text-orange-800 ring-1 ring-orange-200">
                            {GAP_LABELS[g]}
                          </Badge>
                        ))}
                        <Link href={conversationsOf(t)} className="text-sm font-medium text-brand-700 hover:underline">
                          {t.conversations} conversations →
                        </Link>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Volume per topic</CardTitle>
              <CardDescription>Last {days} days against the {days} before. A bar opens the topic&apos;s conversations.</CardDescription>
            </CardHeader>
            <CardContent>
              <TopicVolumeChart
                data={data.topics.map((t) => ({ label: t.label, current: t.current, previous: t.previous, gap: t.gaps.length > 0 }))}
                onSelect={(i) => router.push(conversationsOf(data.topics[i]!))}
              />
            </CardContent>
          </Card>

          <Table data-testid="topics-table">
            <THead>
              <tr>
                <Th>Topic</Th>
                <Th>Conversations</Th>
                <Th>Last {days} days</Th>
                <Th>Trend</Th>
                <Th>Containment</Th>
                <Th>CSAT</Th>
                <Th>No journey</Th>
                <Th>Gap</Th>
              </tr>
            </THead>
            <TBody>
              {data.topics.map((t) => (
                <tr key={t.id} data-testid="topic-row">
                  <Td>
                    <p className="font-medium text-zinc-900">{t.label}</p>
                    <p className="text-xs text-zinc-500">{t.terms.join(", ")}</p>
                  </Td>
                  <Td>
                    <Link href={conversationsOf(t)} className="font-medium text-brand-700 hover:underline">
                      {t.conversations}
                    </Link>
                  </Td>
                  <Td>
                    {t.current} <span className="text-xs text-zinc-500">(before: {t.previous})</span>
                  </Td>
                  <Td>{trend(t, data.period?.comparable ?? false)}</Td>
                  <Td>{pct(t.containment)}</Td>
                  <Td>{t.csat.average === null ? "—" : `${t.csat.average.toFixed(1)} (${t.csat.count})`}</Td>
                  <Td>
                    {pct(t.conversations ? t.noJourney / t.conversations : null)}
                    {t.noJourney > 0 ? (
                      <span className="block text-xs text-zinc-500">
                        {t.answeredFromKnowledge} from knowledge, {t.notAnswered} unanswered
                      </span>
                    ) : null}
                  </Td>
                  <Td>{t.gaps.length ? t.gaps.map((g) => GAP_LABELS[g]).join(", ") : "—"}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        </>
      )}
    </div>
  );
}
