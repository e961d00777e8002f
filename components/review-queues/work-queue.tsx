"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, CheckCheck, ListTodo, SkipForward, Undo2 } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { StatusBadge } from "@/components/conversations/status-badge";
import { TranscriptMessages } from "@/components/conversations/transcript-messages";
import { MakeTestButton } from "@/components/evals/make-test-button";
import { MessageAnnotations, showsAnnotations } from "@/components/review/message-annotations";
import { ReviewPanel } from "@/components/review/review-panel";
import { useAnnotations } from "@/components/review/use-annotations";
import { useScorecard } from "@/components/scorecards/use-scorecard";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { FinishedItems } from "./finished-items";
import type { ClaimView } from "./use-queues";

/** A key press meant for the page, not typed into a field or a dialog. */
function isShortcut(e: KeyboardEvent) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return false;
  const t = e.target as HTMLElement | null;
  if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return false;
  return !document.querySelector('[role="dialog"], [role="alertdialog"]');
}

/**
 * Working a queue: the claimed conversation's transcript beside the review panel, keyboard-first. On open
 * it claims the caller's item (the one they already hold, or the oldest free one); "next" completes it
 * and claims the following one.
 */
export function WorkQueue({ workspace, queueId }: { workspace: string; queueId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const canWork = can("review:write");
  const queues = useQuery(trpc.review.queues.list.queryOptions({ workspace }));
  const queue = queues.data?.find((q) => q.id === queueId);
  const [claim, setClaim] = useState<ClaimView | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.review.queues.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.review.queues.items.queryKey() }),
      ]),
    [queryClient, trpc],
  );
  const onError = (e: unknown) => setError(errorMessage(e));
  const next = useMutation(
    trpc.review.queues.next.mutationOptions({
      onSuccess: (c) => {
        setClaim(c);
        void refresh();
      },
      onError,
    }),
  );
  const complete = useMutation(trpc.review.queues.complete.mutationOptions({ onError }));
  const skip = useMutation(trpc.review.queues.skip.mutationOptions({ onError }));
  const release = useMutation(trpc.review.queues.release.mutationOptions({ onError }));
  const busy = next.isPending || complete.isPending || skip.isPending || release.isPending;

  const claimNext = next.mutate;
  const started = useRef(false);
  useEffect(() => {
    if (!canWork || !queue?.canWork || started.current) return;
    started.current = true;
    claimNext({ workspace, queueId });
  }, [canWork, queue?.canWork, claimNext, workspace, queueId]);

  const finish = useCallback(
    (how: "done" | "skipped") => {
      if (!claim || busy) return;
      setError(null);
      (how === "done" ? complete : skip).mutate(
        { workspace, itemId: claim.item.id },
        {
          onSuccess: () => {
            notify.success(how === "done" ? "Item done" : "Item skipped");
            next.mutate({ workspace, queueId });
          },
        },
      );
    },
    [claim, busy, complete, skip, next, workspace, queueId],
  );

  if (queues.isError) return <FormError>{errorMessage(queues.error)}</FormError>;
  if (!queues.data) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (!queue)
    return (
      <EmptyState icon={<ListTodo />} title="Review queue not found">
        It may have been deleted. <Link href={`/${workspace}/review/queues`} className="text-brand-700 underline">See every queue</Link>.
      </EmptyState>
    );

  return (
    <div className="flex flex-col gap-4" data-testid="work-queue">
      <Link href={`/${workspace}/review/queues`} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="size-4" /> All queues
      </Link>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold text-zinc-900">{queue.name}</h1>
        <span className="text-sm text-zinc-500" data-testid="queue-counts">
          {queue.counts.todo} to do · {queue.counts.done} done · {queue.counts.skipped} skipped
        </span>
        {claim ? (
          <div className="ml-auto flex flex-wrap gap-2">
            <Button variant="secondary" size="sm" disabled={busy} onClick={() => release.mutate({ workspace, itemId: claim.item.id }, { onSuccess: () => { setClaim(null); void refresh(); } })}>
              <Undo2 /> Release
            </Button>
            <Button variant="secondary" size="sm" disabled={busy} onClick={() => finish("skipped")}>
              <SkipForward /> Skip <kbd className="text-xs text-zinc-500">s</kbd>
            </Button>
            <Button size="sm" disabled={busy} onClick={() => finish("done")}>
              <CheckCheck /> Done, next <kbd className="text-xs opacity-80">j</kbd>
            </Button>
          </div>
        ) : null}
      </header>
      <FormError>{error}</FormError>
      {!canWork || !queue.canWork ? (
        <p className="text-sm text-zinc-600">
          {canWork ? "This queue is assigned to particular reviewers; you can read what was done in it." : "Your role reads queues; owners, admins and reviewers work them."}
        </p>
      ) : claim === undefined ? (
        <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
      ) : claim === null ? (
        <EmptyState icon={<CheckCheck />} title="Nothing left to review" data-testid="queue-empty" action={<Button variant="secondary" disabled={busy} onClick={() => next.mutate({ workspace, queueId })}>Check again</Button>}>
          Every item is done, skipped or being worked by someone else. New conversations enter as they end.
        </EmptyState>
      ) : (
        <ClaimedItem key={claim.item.id} workspace={workspace} claim={claim} onFinish={finish} />
      )}
      <FinishedItems workspace={workspace} queueId={queueId} />
    </div>
  );
}

/** The claimed conversation: transcript, review panel and the shortcuts that act on them. */
function ClaimedItem({ workspace, claim, onFinish }: { workspace: string; claim: ClaimView; onFinish: (how: "done" | "skipped") => void }) {
  const trpc = useTRPC();
  const conversationId = claim.conversation.id;
  const query = useQuery(trpc.conversations.get.queryOptions({ workspace, conversationId }));
  const agents = useQuery(trpc.agents.list.queryOptions({ workspace }));
  const review = useAnnotations(workspace, conversationId);
  const { scorecard, score } = useScorecard(workspace, conversationId);
  const panel = useRef<HTMLDivElement>(null);
  const open = (scorecard.data ?? []).filter((c) => !c.archived && c.scorer !== "ai");
  const fiveScale = open.find((c) => c.scale === "one_to_five");
  const passFail = open.find((c) => c.scale === "pass_fail");

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isShortcut(e)) return;
      const k = e.key.toLowerCase();
      const scoreIt = (criterionId: string, value: string) => score.mutate({ workspace, conversationId, criterionId, value }, { onSuccess: () => notify.success(`Scored ${value}`) });
      if (k === "j" || k === "n") onFinish("done");
      else if (k === "s") onFinish("skipped");
      else if (k === "t") panel.current?.querySelector<HTMLButtonElement>('button[aria-label="Tag this conversation"]')?.click();
      else if (k === "c") [...(panel.current?.querySelectorAll<HTMLTextAreaElement>("textarea") ?? [])].at(-1)?.focus();
      else if (/^[1-5]$/.test(k) && fiveScale) scoreIt(fiveScale.id, k);
      else if ((k === "p" || k === "f") && passFail) scoreIt(passFail.id, k === "p" ? "pass" : "fail");
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onFinish, score, workspace, conversationId, fiveScale, passFail]);

  if (query.isPending) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (query.isError) return <FormError>{errorMessage(query.error)}</FormError>;
  const { conversation, journey, messages } = query.data;
  const agent = agents.data?.find((a) => a.id === conversation.agentId)?.slug ?? conversation.agentId;
  const positions = new Map(messages.map((m, i) => [m.id, i + 1]));

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]" data-testid="claimed-item" data-conversation-id={conversationId}>
      <section aria-label="Transcript" className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="text-sm font-semibold text-zinc-900">Transcript</h2>
          <StatusBadge status={conversation.status} />
          <span className="text-xs text-zinc-500">
            {conversation.channel} · {conversation.createdAt.toLocaleString()}
            {journey ? ` · ${journey.name}` : ""}
          </span>
          <Link href={`/${workspace}/agents/${agent}/conversations/${conversationId}`} className="ml-auto text-xs text-brand-700 hover:underline">
            Open with trace
          </Link>
        </div>
        <TranscriptMessages
          messages={messages}
          renderAfter={(m, position) =>
            showsAnnotations(review, m.id) ? <MessageAnnotations api={review} message={m} position={position} agent={agent} agentId={conversation.agentId} /> : null
          }
        />
      </section>
      <div className="flex min-w-0 flex-col gap-3">
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-sm font-semibold text-zinc-900">Review</h2>
          <MakeTestButton workspace={workspace} agent={agent} conversationId={conversationId} />
        </div>
        <div ref={panel}>
          <ReviewPanel api={review} positions={positions} />
        </div>
        <ShortcutLegend fiveScale={fiveScale?.name} passFail={passFail?.name} />
      </div>
    </div>
  );
}

function ShortcutLegend({ fiveScale, passFail }: { fiveScale?: string; passFail?: string }) {
  const rows: [string, string][] = [
    ["j / n", "Done, claim the next item"],
    ["s", "Skip this item"],
    ["t", "Tag the conversation"],
    ["c", "Write a note"],
    ...(fiveScale ? [["1 – 5", `Score “${fiveScale}”`] as [string, string]] : []),
    ...(passFail ? [["p / f", `Pass or fail “${passFail}”`] as [string, string]] : []),
  ];
  return (
    <section aria-label="Keyboard shortcuts" data-testid="shortcuts" className="rounded-card border border-zinc-200 bg-zinc-50 p-3">
      <h3 className="mb-1 text-xs font-medium text-zinc-600">Keyboard shortcuts</h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        {rows.map(([keys, what]) => (
          <div key={keys} className="contents">
            <dt>
              <kbd className="rounded border border-zinc-300 bg-white px-1.5 font-mono text-xs">{keys}</kbd>
            </dt>
            <dd className="text-zinc-700">{what}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
