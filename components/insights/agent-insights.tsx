"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { BarChart3 } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { errorMessage } from "@/lib/form-errors";
import { channels } from "@/lib/schemas/conversation";
import { useTRPC } from "@/lib/trpc/client";
import { useHydrated } from "@/lib/use-hydrated";
import type { AgentMetrics } from "@/server/services/insights/agent-metrics";
import { BreakdownChart, type BreakdownPoint, DailyChart, DECISION_LABELS, PolicyRulesChart } from "./insight-charts";
import { conversationsHref, csvHref, formatMs, formatUsd, localDay, parseInsightFilters, PRESETS } from "./insight-filters";
import { JourneyFunnelCard } from "./journey-funnel-card";
import { ScoresCard } from "./scores-card";

type Breakdown = AgentMetrics["byChannel"][number];

const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);
const dec = (n: number | null, digits = 1) => (n === null ? "—" : n.toFixed(digits));
const shortDay = (day: string) => new Date(`${day}T00:00:00`).toLocaleDateString(undefined, { month: "short", day: "numeric" });

/** The change against the previous period: counts as a difference, rates in percentage points. */
function delta(current: number | null, previous: number | null, kind: "count" | "rate" | "mean"): string {
  if (current === null || previous === null) return "no comparison";
  const d = kind === "rate" ? (current - previous) * 100 : current - previous;
  const sign = d > 0 ? "+" : d < 0 ? "−" : "±";
  const size = kind === "count" ? String(Math.abs(d)) : Math.abs(d).toFixed(1);
  return `${sign}${size}${kind === "rate" ? " pts" : ""}`;
}

/** An agent's insights: headline metrics against the previous period, charts, breakdowns; filters in the URL. */
export function AgentInsights({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const agentPath = `/${workspace}/agents/${agent}`;
  // "Today" and the time zone are the viewer's: read them in the browser, never during server rendering.
  const hydrated = useHydrated();
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  const agentId = current.data?.id ?? "";
  const journeys = useQuery({ ...trpc.playground.journeys.queryOptions({ workspace, agentId }), enabled: !!agentId });
  const releases = useQuery({ ...trpc.releases.list.queryOptions({ workspace, agentId }), enabled: !!agentId });
  const f = parseInsightFilters(params, localDay(new Date()));
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const metrics = useQuery({
    ...trpc.insights.agentMetrics.queryOptions({
      workspace,
      agentId,
      from: f.from,
      to: f.to,
      timeZone,
      channel: channels.includes(f.channel as (typeof channels)[number]) ? (f.channel as (typeof channels)[number]) : undefined,
      release: f.release,
      journeyId: f.journeyId,
    }),
    enabled: !!agentId && hydrated,
    placeholderData: keepPreviousData,
  });

  function navigate(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    router.push(`${pathname}?${next}`);
  }
  const href = (more: Record<string, string | number | undefined> = {}) => conversationsHref(agentPath, f, more);
  const csv = (table: string, more: Record<string, string> = {}) => csvHref(workspace, agentId, timeZone, f, table, more);
  const channel = channels.includes(f.channel as (typeof channels)[number]) ? (f.channel as (typeof channels)[number]) : undefined;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Insights"
        description="How the agent's conversations went, against the period before. Every number opens the conversations behind it."
        actions={
          <Link href={`${agentPath}/experiments`} className={buttonVariants({ variant: "secondary" })}>
            Experiments
          </Link>
        }
      />

      {!hydrated ? (
        <div className="h-64 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
      ) : (
        <>
          <div data-testid="insights-filters" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6">
            <Field label="Dates" id="insights-range">
              <Select
                id="insights-range"
                value={f.preset === null ? "custom" : String(f.preset)}
                onChange={(e) => (e.target.value === "custom" ? navigate({ range: null, from: f.from, to: f.to }) : navigate({ range: e.target.value, from: null, to: null }))}
              >
                {PRESETS.map((d) => (
                  <option key={d} value={d}>
                    Last {d} days
                  </option>
                ))}
                <option value="custom">Custom range</option>
              </Select>
            </Field>
            <Field label="From" id="insights-from">
              <Input id="insights-from" type="date" value={f.from} max={f.to} onChange={(e) => e.target.value && navigate({ range: null, from: e.target.value, to: f.to })} />
            </Field>
            <Field label="To" id="insights-to">
              <Input id="insights-to" type="date" value={f.to} min={f.from} onChange={(e) => e.target.value && navigate({ range: null, from: f.from, to: e.target.value })} />
            </Field>
            <Field label="Channel" id="insights-channel">
              <Select id="insights-channel" value={f.channel ?? ""} onChange={(e) => navigate({ channel: e.target.value })}>
                <option value="">All channels</option>
                {channels.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </Select>
            </Field>
            <Field label="Release" id="insights-release">
              <Select id="insights-release" value={f.release === undefined ? "" : String(f.release)} onChange={(e) => navigate({ release: e.target.value })}>
                <option value="">All releases</option>
                <option value="draft">Draft (playground)</option>
                {(releases.data?.releases ?? []).map((r) => (
                  <option key={r.id} value={r.number}>
                    Release {r.number}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Journey" id="insights-journey">
              <Select id="insights-journey" value={f.journeyId ?? ""} onChange={(e) => navigate({ journey: e.target.value })}>
                <option value="">All journeys</option>
                {(journeys.data ?? []).map((j) => (
                  <option key={j.id} value={j.id}>
                    {j.name}
                  </option>
                ))}
              </Select>
            </Field>
          </div>

          {metrics.isError ? (
            <FormError>{errorMessage(metrics.error)}</FormError>
          ) : !metrics.data ? (
            <div className="flex flex-col gap-4" aria-busy="true">
              <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                {Array.from({ length: 8 }, (_, i) => (
                  <div key={i} className="h-24 animate-pulse rounded-card bg-zinc-100" />
                ))}
              </div>
              <div className="h-64 animate-pulse rounded-card bg-zinc-100" />
            </div>
          ) : metrics.data.current.conversations === 0 ? (
            <EmptyState
              data-testid="insights-empty"
              icon={<BarChart3 />}
              title="No conversations in these days"
              action={
                <Link href={`${agentPath}/playground`} className={buttonVariants({ variant: "primary" })}>
                  Open the playground
                </Link>
              }
            >
              Nothing matches these dates and filters. Widen the range or clear a filter, or talk to the agent in the playground: its conversations count here.
            </EmptyState>
          ) : (
            <Dashboard m={metrics.data} href={href} csv={csv} onNavigate={(url) => router.push(url)} busy={metrics.isFetching}>
              <JourneyFunnelCard
                workspace={workspace}
                filters={{ agentId, from: f.from, to: f.to, timeZone, channel, release: f.release }}
                journeys={journeys.data ?? []}
                journeyId={params.get("funnel") ?? f.journeyId ?? null}
                onJourney={(id) => navigate({ funnel: id })}
                csv={(journeyId) => csv("funnel", { funnelJourney: journeyId })}
              />
            </Dashboard>
          )}
        </>
      )}
    </div>
  );
}

function Dashboard({
  m,
  href,
  csv,
  onNavigate,
  busy,
  children,
}: {
  m: AgentMetrics;
  href: (more?: Record<string, string | number | undefined>) => string;
  csv: (table: string) => string;
  onNavigate: (url: string) => void;
  busy: boolean;
  children: React.ReactNode;
}) {
  const c = m.current;
  const p = m.previous;
  const qc = m.quality.current;
  const qp = m.quality.previous;
  const costPer = (usd: number, n: number) => (n ? usd / n : null);
  const versus = `vs the previous ${m.period.days} days (${shortDay(m.previousPeriod.from)} – ${shortDay(m.previousPeriod.to)})`;
  const daily = m.daily.map((d) => ({ label: shortDay(d.day), ...d.byStatus, previous: d.previousTotal }));
  const stack = (b: Breakdown) => ({ label: b.label, resolved: b.resolved, escalated: b.escalated, abandoned: b.abandoned, open: b.conversations - b.resolved - b.escalated - b.abandoned });
  const topRules = m.policyRules.slice(0, 10);

  return (
    <div className="flex flex-col gap-6" data-testid="insights-dashboard" data-refreshing={busy || undefined}>
      <section aria-labelledby="headline" className="flex flex-col gap-3">
        <h2 id="headline" className="text-base font-semibold text-zinc-900">
          {shortDay(m.period.from)} – {shortDay(m.period.to)} <span className="text-sm font-normal text-zinc-600">{versus}</span>
        </h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="metric-cards">
          <Metric name="Conversations" value={String(c.conversations)} delta={delta(c.conversations, p.conversations, "count")} href={href()} help="Started in the period" />
          <Metric name="Containment" value={pct(c.rates.containment)} delta={delta(c.rates.containment, p.rates.containment, "rate")} href={href({ status: "resolved", handedOff: "no" })} help={`${c.contained} resolved without a person`} />
          <Metric name="Resolution" value={pct(c.rates.resolution)} delta={delta(c.rates.resolution, p.rates.resolution, "rate")} href={href({ status: "resolved" })} help={`${c.resolved} resolved, by the agent or a person`} />
          <Metric name="Escalation" value={pct(c.rates.escalation)} delta={delta(c.rates.escalation, p.rates.escalation, "rate")} href={href({ status: "escalated" })} help={`${c.escalated} with or waiting for a person`} />
          <Metric name="Abandonment" value={pct(c.rates.abandonment)} delta={delta(c.rates.abandonment, p.rates.abandonment, "rate")} href={href({ status: "abandoned" })} help={`${c.abandoned} abandoned`} />
          <Metric name="Handed to a person" value={String(c.handedOff)} delta={delta(c.handedOff, p.handedOff, "count")} href={href({ handedOff: "yes" })} help="At any point, whatever the outcome" />
          <Metric name="CSAT" value={dec(c.csat.average)} delta={delta(c.csat.average, p.csat.average, "mean")} href={href()} help={`Average of ${c.csat.count} ratings (1–5) from the API's end-with-CSAT`} />
          <Metric name="Turns per conversation" value={dec(c.turns.average)} delta={delta(c.turns.average, p.turns.average, "mean")} href={href()} help={`Median ${dec(c.turns.median)}`} />
          <Metric name="Tool calls" value={String(c.toolCalls)} delta={delta(c.toolCalls, p.toolCalls, "count")} href={href()} help={`${c.toolErrors} failed (${pct(c.rates.toolErrors)})`} />
          <Metric name="Guardrail hits" value={String(c.guardrailBlocks)} delta={delta(c.guardrailBlocks, p.guardrailBlocks, "count")} href={href()} help={`Replies blocked; ${c.injectionFlags} injection attempts flagged`} />
          <Metric name="“Don't know” rate" value={pct(c.rates.dontKnow)} delta={delta(c.rates.dontKnow, p.rates.dontKnow, "rate")} href={href()} help={`${c.knowledge.notGrounded} of ${c.knowledge.searches} knowledge searches not grounded`} />
          <Metric
            name="Policy decisions"
            value={String(c.policy.allow + c.policy.deny + c.policy.require_confirmation + c.policy.escalate)}
            delta={delta(c.policy.allow + c.policy.deny + c.policy.require_confirmation + c.policy.escalate, p.policy.allow + p.policy.deny + p.policy.require_confirmation + p.policy.escalate, "count")}
            href={href()}
            help={`${c.policy.allow} allowed, ${c.policy.deny} denied, ${c.policy.require_confirmation} confirmation asked, ${c.policy.escalate} escalated`}
          />
          <Metric
            name="First reply"
            value={formatMs(qc.latency.firstReply.p50)}
            delta={deltaMs(qc.latency.firstReply.p50, qp.latency.firstReply.p50)}
            href={href({ slowFirst: atLeast(qc.latency.firstReply.p95) })}
            help={`Median from the customer's first message to the agent's complete reply; p95 ${formatMs(qc.latency.firstReply.p95)} (${qc.latency.firstReply.count} conversations)`}
          />
          <Metric
            name="Turn latency"
            value={formatMs(qc.latency.turn.p50)}
            delta={deltaMs(qc.latency.turn.p50, qp.latency.turn.p50)}
            href={href({ slowTurn: atLeast(qc.latency.turn.p95) })}
            help={`Median per turn, message received to reply complete; p95 ${formatMs(qc.latency.turn.p95)}${qc.latency.firstText.count ? `; first streamed text p50 ${formatMs(qc.latency.firstText.p50)}` : ""}`}
          />
          <Metric
            name="Cost"
            value={formatUsd(qc.cost.usd)}
            delta={qc.cost.usd || qp.cost.usd ? `${qc.cost.usd >= qp.cost.usd ? "+" : "−"}${formatUsd(Math.abs(qc.cost.usd - qp.cost.usd))}` : "±0"}
            href={href({ tokens: 1 })}
            help={`${formatUsd(costPer(qc.cost.usd, c.conversations))} per conversation: model tokens × the workspace's prices (local models cost 0)`}
          />
          <Metric
            name="Tokens"
            value={String(qc.cost.inputTokens + qc.cost.outputTokens)}
            delta={delta(qc.cost.inputTokens + qc.cost.outputTokens, qp.cost.inputTokens + qp.cost.outputTokens, "count")}
            href={href({ tokens: 1 })}
            help={`${qc.cost.inputTokens} in, ${qc.cost.outputTokens} out; ${c.conversations ? Math.round((qc.cost.inputTokens + qc.cost.outputTokens) / c.conversations) : 0} per conversation`}
          />
          <Metric
            name="Sentiment (inferred by the judge)"
            value={qc.sentiment.average === null ? "—" : qc.sentiment.average.toFixed(2)}
            delta={delta(qc.sentiment.average, qp.sentiment.average, "mean")}
            href={href({ sentiment: "negative" })}
            help={`−1 to 1, the AI judge's reading of ${qc.sentiment.annotated} conversations: ${qc.sentiment.negative} negative, ${qc.sentiment.neutral} neutral, ${qc.sentiment.positive} positive`}
          />
        </div>
        <p className="text-xs text-zinc-600">
          Trace numbers (tools, guardrails, knowledge, policy) open the period&apos;s conversations: the list cannot filter by them yet. First reply and turn latency open the
          conversations with a reply at or over the p95; tokens and cost those that spent model tokens; sentiment the ones the judge read as negative. Latency is measured by the
          runtime on each turn; turns stored before it did are left out.
        </p>
      </section>

      <Card>
        <CardHeader>
          <CardTitle>Conversations per day</CardTitle>
          <CardDescription>By outcome; the dashed line is the previous period, day by day. A bar opens that day&apos;s conversations.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <DailyChart data={daily} onSelect={(i) => onNavigate(href({ from: m.daily[i]!.day, to: m.daily[i]!.day }))} />
          <CsvLink href={csv("daily")} />
          <details>
            <summary className="cursor-pointer text-sm text-zinc-700">Numbers per day</summary>
            <Table data-testid="daily-table" className="mt-2">
              <caption className="sr-only">Conversations per day by outcome, with the previous period&apos;s day</caption>
              <THead>
                <tr>
                  <Th>Day</Th>
                  <Th>Resolved</Th>
                  <Th>Escalated</Th>
                  <Th>Abandoned</Th>
                  <Th>Open</Th>
                  <Th>Total</Th>
                  <Th>Previous period</Th>
                </tr>
              </THead>
              <TBody>
                {m.daily.map((d) => {
                  const day = { from: d.day, to: d.day };
                  return (
                    <tr key={d.day}>
                      <Td>{shortDay(d.day)}</Td>
                      {(["resolved", "escalated", "abandoned", "open"] as const).map((s) => (
                        <Td key={s} className="tabular-nums">
                          <NumberLink href={href({ ...day, status: s })} n={d.byStatus[s]} />
                        </Td>
                      ))}
                      <Td className="tabular-nums">
                        <NumberLink href={href(day)} n={d.total} />
                      </Td>
                      <Td className="tabular-nums">
                        <NumberLink href={href({ from: d.previousDay, to: d.previousDay })} n={d.previousTotal} />
                      </Td>
                    </tr>
                  );
                })}
              </TBody>
            </Table>
          </details>
        </CardContent>
      </Card>

      <div className="grid gap-6 xl:grid-cols-2">
        <BreakdownCard title="By channel" testId="by-channel" rows={m.byChannel} chart={m.byChannel.map(stack)} filterOf={(b) => ({ channel: String(b.key) })} href={href} onNavigate={onNavigate} csv={csv("by-channel")} />
        <BreakdownCard
          title="By release"
          testId="by-release"
          rows={m.byRelease}
          chart={m.byRelease.map(stack)}
          filterOf={(b) => ({ release: b.key === null ? "draft" : Number(b.key) })}
          href={href}
          onNavigate={onNavigate}
          csv={csv("by-release")}
        />
        <BreakdownCard
          title="By journey"
          description="The journey a conversation was last routed to. The canvas's drop-off overlay counts every conversation that ran a step of the journey, at any time, so its numbers can be higher."
          testId="by-journey"
          rows={m.byJourney.filter((b) => b.key !== null)}
          chart={m.byJourney.filter((b) => b.key !== null).map(stack)}
          filterOf={(b) => ({ journey: String(b.key) })}
          href={href}
          onNavigate={onNavigate}
          extra={m.byJourney.find((b) => b.key === null)?.conversations}
          csv={csv("by-journey")}
        />
        <Card>
          <CardHeader>
            <CardTitle>Why conversations escalated</CardTitle>
            <CardDescription>The reason in the handoff summary of conversations now escalated.</CardDescription>
          </CardHeader>
          <CardContent>
            {m.escalationReasons.length === 0 ? (
              <p className="text-sm text-zinc-600">No escalations in these days or the ones before.</p>
            ) : (
              <Table data-testid="escalation-reasons">
                <THead>
                  <tr>
                    <Th>Reason</Th>
                    <Th>Now</Th>
                    <Th>Before</Th>
                  </tr>
                </THead>
                <TBody>
                  {m.escalationReasons.map((r) => (
                    <tr key={r.reason ?? "none"}>
                      <Td>{r.reason ?? <span className="text-zinc-600">No handoff summary (escalated by the API or a person)</span>}</Td>
                      <Td className="tabular-nums">
                        <NumberLink href={href({ status: "escalated" })} n={r.current} />
                      </Td>
                      <Td className="tabular-nums">{r.previous}</Td>
                    </tr>
                  ))}
                </TBody>
              </Table>
            )}
            {m.escalationReasons.length ? <CsvLink href={csv("escalation-reasons")} /> : null}
          </CardContent>
        </Card>
        {children}
        <ScoresCard scores={m.quality.scores} csv={csv("scores")} />
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Policy decisions by rule</CardTitle>
          <CardDescription>The gate&apos;s decisions on tool calls in these conversations, by the rule that decided (top {topRules.length || 10}).</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {topRules.length === 0 ? (
            <p className="text-sm text-zinc-600">The gate decided nothing in these conversations.</p>
          ) : (
            <>
              <PolicyRulesChart data={topRules.map((r) => ({ label: `${r.policy} › ${r.ruleId}`, ...r.decisions }))} />
              <Table data-testid="policy-rules">
                <caption className="sr-only">Policy decisions by rule</caption>
                <THead>
                  <tr>
                    <Th>Policy › rule</Th>
                    {Object.values(DECISION_LABELS).map((l) => (
                      <Th key={l}>{l}</Th>
                    ))}
                  </tr>
                </THead>
                <TBody>
                  {m.policyRules.map((r) => (
                    <tr key={`${r.policy}/${r.ruleId}`}>
                      <Td>
                        {r.policy} › <code className="text-xs">{r.ruleId}</code>
                      </Td>
                      {(Object.keys(DECISION_LABELS) as (keyof typeof DECISION_LABELS)[]).map((d) => (
                        <Td key={d} className="tabular-nums">
                          {r.decisions[d]}
                        </Td>
                      ))}
                    </tr>
                  ))}
                </TBody>
              </Table>
              <CsvLink href={csv("policy-rules")} />
            </>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

function CsvLink({ href }: { href: string }) {
  return (
    <a className="self-start text-sm text-brand-700 hover:underline" href={href} download>
      Download CSV
    </a>
  );
}

/** A latency change: lower is better, in ms. */
function deltaMs(current: number | null, previous: number | null): string {
  if (current === null || previous === null) return "no comparison";
  const d = current - previous;
  return `${d > 0 ? "+" : d < 0 ? "−" : "±"}${formatMs(Math.abs(d))}`;
}

/** A p95 as the list's "at least" filter: whole milliseconds, rounded down so the p95 turn itself is in; none without data. */
const atLeast = (ms: number | null) => (ms === null ? undefined : Math.max(1, Math.floor(ms)));

function Metric({ name, value, delta, href, help }: { name: string; value: string; delta: string; href: string; help: string }) {
  return (
    <Link href={href} data-testid="metric" data-metric={name} className="rounded-card border border-zinc-200 bg-white p-4 shadow-sm hover:border-brand-500">
      <span className="block text-sm font-medium text-zinc-700">{name}</span>
      <span className="mt-1 flex items-baseline gap-2">
        <span className="text-2xl font-semibold tabular-nums text-zinc-900" data-testid="metric-value">
          {value}
        </span>
        <span className="text-xs tabular-nums text-zinc-600">{delta}</span>
      </span>
      <span className="mt-1 block text-xs text-zinc-600">{help}</span>
    </Link>
  );
}

function NumberLink({ href, n }: { href: string; n: number }) {
  if (n === 0) return <span className="text-zinc-600">0</span>;
  return (
    <Link href={href} className="text-brand-700 hover:underline">
      {n}
    </Link>
  );
}

function BreakdownCard(props: {
  title: string;
  description?: string;
  testId: string;
  rows: Breakdown[];
  chart: BreakdownPoint[];
  filterOf: (b: Breakdown) => Record<string, string | number>;
  href: (more?: Record<string, string | number | undefined>) => string;
  onNavigate: (url: string) => void;
  extra?: number;
  csv: string;
}) {
  const { rows, filterOf, href } = props;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{props.title}</CardTitle>
        {props.description ? <CardDescription>{props.description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {rows.length === 0 ? (
          <p className="text-sm text-zinc-600">None in these days.</p>
        ) : (
          <>
            <BreakdownChart data={props.chart} testId={`${props.testId}-chart`} onSelect={(i) => props.onNavigate(href(filterOf(rows[i]!)))} />
            <Table data-testid={props.testId}>
              <caption className="sr-only">{props.title}: conversations, containment, escalation and CSAT</caption>
              <THead>
                <tr>
                  <Th>{props.title.replace(/^By /, "").replace(/^./, (ch) => ch.toUpperCase())}</Th>
                  <Th>Conversations</Th>
                  <Th>Contained</Th>
                  <Th>Escalated</Th>
                  <Th>CSAT</Th>
                </tr>
              </THead>
              <TBody>
                {rows.map((b) => (
                  <tr key={String(b.key)}>
                    <Td>{b.label}</Td>
                    <Td className="tabular-nums">
                      <NumberLink href={href(filterOf(b))} n={b.conversations} />
                    </Td>
                    <Td className="tabular-nums">
                      <NumberLink href={href({ ...filterOf(b), status: "resolved", handedOff: "no" })} n={b.contained} />
                    </Td>
                    <Td className="tabular-nums">
                      <NumberLink href={href({ ...filterOf(b), status: "escalated" })} n={b.escalated} />
                    </Td>
                    <Td className="tabular-nums">{dec(b.csatAverage)}</Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          </>
        )}
        {props.extra ? <p className="text-xs text-zinc-600">{props.extra} conversations were not routed to any journey.</p> : null}
        {rows.length ? <CsvLink href={props.csv} /> : null}
      </CardContent>
    </Card>
  );
}

function Field({ label, id, children }: { label: string; id: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}
