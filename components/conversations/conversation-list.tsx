"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { MessagesSquare } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { ExportButtons } from "@/components/annotation/export-buttons";
import { distrustReason, useCalibrationTrust } from "@/components/annotation/use-calibration-trust";
import { TagChip } from "@/components/review/tag-chip";
import { ScorePercent } from "@/components/scorecards/score-value";
import { errorMessage } from "@/lib/form-errors";
import { annotationOutcomes, sentimentLabels } from "@/lib/schemas/annotation";
import { channels, outcomes, reviewStatuses } from "@/lib/schemas/conversation";
import { useTRPC } from "@/lib/trpc/client";
import { StatusBadge } from "./status-badge";
import { TopicFilterChip } from "@/components/topics/topic-filter-chip";

const FILTERS = ["channel", "status", "journey", "release", "handedOff", "from", "to", "q", "tag", "notes", "below", "failed", "topic", "sentiment", "aiOutcome", "review", "reviewer", "slowTurn", "slowFirst", "tokens"] as const;

/** Dates in the URL are days (yyyy-mm-dd); `to` includes its whole day. */
function dayStart(day: string | null, plusDays = 0): Date | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The agent's conversations, newest first; every filter and the page live in the URL. */
export function ConversationList({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  const agentId = current.data?.id ?? "";
  const journeys = useQuery({ ...trpc.playground.journeys.queryOptions({ workspace, agentId }), enabled: !!agentId });
  const releases = useQuery({ ...trpc.releases.list.queryOptions({ workspace, agentId }), enabled: !!agentId });
  const tags = useQuery(trpc.review.tags.list.queryOptions({ workspace }));
  const criteria = useQuery(trpc.review.criteria.list.queryOptions({ workspace }));
  const members = useQuery(trpc.members.list.queryOptions({ workspace }));
  const calibration = useCalibrationTrust(workspace);
  const [search, setSearch] = useState(params.get("q") ?? "");
  const [noteSearch, setNoteSearch] = useState(params.get("notes") ?? "");

  const channel = params.get("channel") as (typeof channels)[number] | null;
  const status = params.get("status") as (typeof outcomes)[number] | null;
  const release = params.get("release");
  const handedOff = params.get("handedOff");
  // Score filters read a person's scores unless `by=ai`.
  const below = params.get("below");
  const scoredBy = params.get("by") === "ai" ? "ai" : "human";
  // The AI judge's annotation: sentiment label and outcome.
  const sentiment = params.get("sentiment") as (typeof sentimentLabels)[number] | null;
  const aiOutcome = params.get("aiOutcome") as (typeof annotationOutcomes)[number] | null;
  // Review queues: the review status and who reviewed (completed a queue item or scored by hand).
  const reviewStatus = params.get("review") as (typeof reviewStatuses)[number] | null;
  // Latency and tokens as the runtime recorded them per turn (the insights cards link here with these).
  const slowTurn = wholeNumber(params.get("slowTurn"), 600_000);
  const slowFirst = wholeNumber(params.get("slowFirst"), 600_000);
  const tokens = wholeNumber(params.get("tokens"), 100_000_000);
  const cursor = params.get("cursor") ?? undefined;
  // The cursors of the pages before this one, so "Newer" walks back without an offset.
  const prev = params.get("prev")?.split(",").filter(Boolean) ?? [];
  const list = useQuery({
    ...trpc.conversations.list.queryOptions({
      workspace,
      agentId,
      channel: channels.includes(channel!) ? channel! : undefined,
      status: outcomes.includes(status!) ? status! : undefined,
      journeyId: params.get("journey") ?? undefined,
      release: release === "draft" ? "draft" : release && /^\d+$/.test(release) ? Number(release) : undefined,
      handedOff: handedOff === "yes" ? true : handedOff === "no" ? false : undefined,
      from: dayStart(params.get("from")),
      to: dayStart(params.get("to"), 1),
      search: params.get("q") || undefined,
      tagId: params.get("tag") || undefined,
      topicId: params.get("topic") || undefined,
      noteSearch: params.get("notes") || undefined,
      scoreBelow: below && /^\d+$/.test(below) && Number(below) <= 100 ? Number(below) : undefined,
      failedCriterionId: params.get("failed") || undefined,
      scoredBy,
      sentiment: sentimentLabels.includes(sentiment!) ? sentiment! : undefined,
      aiOutcome: annotationOutcomes.includes(aiOutcome!) ? aiOutcome! : undefined,
      reviewStatus: reviewStatuses.includes(reviewStatus!) ? reviewStatus! : undefined,
      reviewerId: params.get("reviewer") || undefined,
      slowTurnMs: slowTurn,
      slowFirstReplyMs: slowFirst,
      minTokens: tokens,
      cursor,
    }),
    enabled: !!agentId,
    placeholderData: keepPreviousData,
  });

  function navigate(changes: Record<string, string | null>, keepPage = false) {
    const next = new URLSearchParams(params);
    if (!keepPage) {
      next.delete("cursor");
      next.delete("prev");
    }
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    router.push(qs ? `${pathname}?${qs}` : pathname);
  }

  const journeyName = new Map((journeys.data ?? []).map((j) => [j.id, j.name]));
  // Shown in the AI score's tooltip: the criteria whose AI scores disagree with people too much to trust.
  const untrusted = calibration.criteria.filter((c) => !c.trusted);
  const aiScoreNote =
    calibration.threshold === null || untrusted.length === 0
      ? undefined
      : `Not trusted: ${untrusted.map((c) => `${c.name} (${distrustReason(c, calibration.threshold!)})`).join("; ")}`;
  const filtered = FILTERS.some((f) => params.get(f));

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold text-zinc-900">Conversations</h1>
        <p className="text-sm text-zinc-500">Every conversation with this agent, newest first, with its transcript and trace.</p>
      </div>
      {agentId ? <ExportButtons workspace={workspace} agentId={agentId} params={params} /> : null}
      <div data-testid="conversation-filters" className="grid gap-3 sm:grid-cols-2 md:grid-cols-5">
        <Filter label="Channel">
          <Select id="filter-channel" value={channel ?? ""} onChange={(e) => navigate({ channel: e.target.value })}>
            <option value="">All channels</option>
            {channels.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </Filter>
        <Filter label="Outcome">
          <Select id="filter-outcome" value={status ?? ""} onChange={(e) => navigate({ status: e.target.value })}>
            <option value="">All outcomes</option>
            {outcomes.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </Select>
        </Filter>
        <Filter label="Journey">
          <Select id="filter-journey" value={params.get("journey") ?? ""} onChange={(e) => navigate({ journey: e.target.value })}>
            <option value="">All journeys</option>
            {(journeys.data ?? []).map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter label="Release">
          <Select id="filter-release" value={release ?? ""} onChange={(e) => navigate({ release: e.target.value })}>
            <option value="">All releases</option>
            <option value="draft">Draft (playground)</option>
            {(releases.data?.releases ?? []).map((r) => (
              <option key={r.id} value={r.number}>
                Release {r.number}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter label="Handed to a person">
          <Select id="filter-handed-off" value={handedOff ?? ""} onChange={(e) => navigate({ handedOff: e.target.value })}>
            <option value="">Either</option>
            <option value="yes">Yes</option>
            <option value="no">Never</option>
          </Select>
        </Filter>
        <Filter label="From">
          <Input id="filter-from" type="date" value={params.get("from") ?? ""} onChange={(e) => navigate({ from: e.target.value })} />
        </Filter>
        <Filter label="To">
          <Input id="filter-to" type="date" value={params.get("to") ?? ""} onChange={(e) => navigate({ to: e.target.value })} />
        </Filter>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            navigate({ q: search.trim() });
          }}
        >
          <Filter label="Search">
            <Input id="filter-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Words in messages" />
          </Filter>
        </form>
        <Filter label="Tag">
          <Select id="filter-tag" value={params.get("tag") ?? ""} onChange={(e) => navigate({ tag: e.target.value })}>
            <option value="">All tags</option>
            {(tags.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
        </Filter>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            navigate({ notes: noteSearch.trim() });
          }}
        >
          <Filter label="Notes">
            <Input id="filter-notes" type="search" value={noteSearch} onChange={(e) => setNoteSearch(e.target.value)} placeholder="Words in notes" />
          </Filter>
        </form>
        <Filter label="Score below">
          <Select id="filter-score-below" value={below ?? ""} onChange={(e) => navigate({ below: e.target.value })}>
            <option value="">Any score</option>
            {[25, 50, 75, 100].map((n) => (
              <option key={n} value={n}>
                below {n}%
              </option>
            ))}
          </Select>
        </Filter>
        <Filter label="Failed criterion">
          <Select id="filter-failed" value={params.get("failed") ?? ""} onChange={(e) => navigate({ failed: e.target.value })}>
            <option value="">Any criterion</option>
            {(criteria.data ?? [])
              .filter((c) => c.scale !== "choice")
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </Select>
        </Filter>
        <Filter label="AI sentiment">
          <Select id="filter-sentiment" value={sentiment ?? ""} onChange={(e) => navigate({ sentiment: e.target.value })}>
            <option value="">Any sentiment</option>
            {sentimentLabels.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </Select>
        </Filter>
        <Filter label="AI outcome">
          <Select id="filter-ai-outcome" value={aiOutcome ?? ""} onChange={(e) => navigate({ aiOutcome: e.target.value })}>
            <option value="">Any AI outcome</option>
            {annotationOutcomes.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </Select>
        </Filter>
        <Filter label="Review status">
          <Select id="filter-review-status" value={reviewStatus ?? ""} onChange={(e) => navigate({ review: e.target.value })}>
            <option value="">Any review status</option>
            <option value="unreviewed">Unreviewed</option>
            <option value="in_queue">In a review queue</option>
            <option value="reviewed">Reviewed</option>
          </Select>
        </Filter>
        <Filter label="Reviewer">
          <Select id="filter-reviewer" value={params.get("reviewer") ?? ""} onChange={(e) => navigate({ reviewer: e.target.value })}>
            <option value="">Anyone</option>
            {(members.data ?? []).map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter label="Slow turn">
          <Select id="filter-slow-turn" value={slowTurn ?? ""} onChange={(e) => navigate({ slowTurn: e.target.value })}>
            <option value="">Any turn latency</option>
            {withCurrent([2000, 5000, 10_000], slowTurn).map((ms) => (
              <option key={ms} value={ms}>
                a turn ≥ {msLabel(ms)}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter label="Slow first reply">
          <Select id="filter-slow-first" value={slowFirst ?? ""} onChange={(e) => navigate({ slowFirst: e.target.value })}>
            <option value="">Any first reply</option>
            {withCurrent([2000, 5000, 10_000], slowFirst).map((ms) => (
              <option key={ms} value={ms}>
                first reply ≥ {msLabel(ms)}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter label="Model tokens">
          <Select id="filter-tokens" value={tokens ?? ""} onChange={(e) => navigate({ tokens: e.target.value })}>
            <option value="">Any tokens</option>
            {withCurrent([1, 1000, 10_000], tokens).map((n) => (
              <option key={n} value={n}>
                {n === 1 ? "spent any tokens" : `≥ ${n.toLocaleString("en")} tokens`}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter label="Scores by">
          <Select id="filter-scored-by" value={scoredBy} onChange={(e) => navigate({ by: e.target.value === "ai" ? "ai" : null })}>
            <option value="human">Reviewers</option>
            <option value="ai">The AI</option>
          </Select>
        </Filter>
      </div>

      {params.get("topic") ? <TopicFilterChip workspace={workspace} agentId={agentId} topicId={params.get("topic")!} onClear={() => navigate({ topic: null })} /> : null}

      {list.isError ? (
        <EmptyState icon={<MessagesSquare />} title="Could not load conversations">
          {errorMessage(list.error)}
        </EmptyState>
      ) : !list.data ? (
        <div className="h-64 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
      ) : list.data.items.length === 0 ? (
        <EmptyState data-testid="conversations-empty" icon={<MessagesSquare />} title={filtered ? "No conversation matches these filters" : "No conversations yet"}>
          {filtered ? "Clear a filter or widen the dates." : "Open the playground and chat with the agent: conversations appear here."}
        </EmptyState>
      ) : (
        <Table data-testid="conversations-table">
          <THead>
            <tr>
              <Th>Started</Th>
              <Th>First message</Th>
              <Th>Outcome</Th>
              <Th>Channel</Th>
              <Th>Journey</Th>
              <Th>Turns</Th>
              <Th>Tags</Th>
              <Th>Score</Th>
            </tr>
          </THead>
          <TBody>
            {list.data.items.map((c) => (
              <tr key={c.id} data-testid="conversation-row" className="hover:bg-zinc-50">
                <Td className="whitespace-nowrap tabular-nums">
                  <Link href={`${pathname}/${c.id}`} className="text-brand-700 hover:underline">
                    {c.createdAt.toLocaleString()}
                  </Link>
                </Td>
                <Td className="max-w-72 truncate">{c.preview ?? <span className="text-zinc-500">no message yet</span>}</Td>
                <Td>
                  <StatusBadge status={c.status} />
                </Td>
                <Td>{c.channel}</Td>
                <Td>{c.journeyId ? (journeyName.get(c.journeyId) ?? "—") : "—"}</Td>
                <Td className="tabular-nums">{c.turns}</Td>
                <Td>
                  <span className="flex flex-wrap gap-1" data-testid="conversation-tags">
                    {c.tags.map((t) => (
                      <TagChip key={t.id} name={t.name} colour={t.colour} />
                    ))}
                  </span>
                </Td>
                <Td>
                  <span className="flex flex-wrap gap-1" data-testid="conversation-score">
                    <ScorePercent {...c.scores.human} />
                    <ScorePercent {...c.scores.ai} ai note={aiScoreNote} />
                  </span>
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
      <div className="flex justify-between">
        <Button variant="secondary" disabled={!cursor} onClick={() => navigate({ cursor: prev.at(-1) ?? null, prev: prev.slice(0, -1).join(",") || null }, true)}>
          Newer
        </Button>
        <Button
          variant="secondary"
          disabled={!list.data?.nextCursor}
          onClick={() => navigate({ cursor: list.data!.nextCursor, prev: [...prev, cursor ?? ""].join(",") }, true)}
        >
          Next page
        </Button>
      </div>
    </div>
  );
}

function Filter({ label, children }: { label: string; children: React.ReactElement<{ id: string }> }) {
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={children.props.id}>{label}</Label>
      {children}
    </div>
  );
}

/** A URL parameter as a whole number from 1 to `max`, else none (a hand-edited URL never reaches the server as garbage). */
function wholeNumber(raw: string | null, max: number): number | undefined {
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= max ? n : undefined;
}

/** "5 s", or exact milliseconds when not whole seconds ("3,412 ms"): the label says what the filter does. */
const msLabel = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms.toLocaleString("en")} ms`);

/** The preset values, plus the URL's own (e.g. the insights dashboard's p95) in order. */
function withCurrent(presets: number[], current: number | undefined): number[] {
  return current === undefined || presets.includes(current) ? presets : [...presets, current].sort((a, b) => a - b);
}
