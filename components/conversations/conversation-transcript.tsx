"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, MessagesSquare } from "lucide-react";
import Link from "next/link";
import { MakeTestButton } from "@/components/evals/make-test-button";
import { MessageAnnotations, showsAnnotations } from "@/components/review/message-annotations";
import { ReviewPanel } from "@/components/review/review-panel";
import { useAnnotations } from "@/components/review/use-annotations";
import { HandoffSummary } from "@/components/trace/handoff-summary";
import { ToolExecutionsTable } from "@/components/trace/tool-executions-table";
import { TraceTimeline } from "@/components/trace/trace-timeline";
import type { HandoffSummaryData } from "@/components/trace/types";
import { EmptyState } from "@/components/ui/empty-state";
import { errorCode, errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { StatusBadge } from "./status-badge";
import { TranscriptMessages } from "./transcript-messages";

/** A stored conversation as a reviewer reads it: the messages with their annotations, the review panel, the trace of each turn, the tool ledger. */
export function ConversationTranscript({ workspace, agent, conversationId }: { workspace: string; agent: string; conversationId: string }) {
  const trpc = useTRPC();
  const back = `/${workspace}/agents/${agent}/conversations`;
  const query = useQuery(trpc.conversations.get.queryOptions({ workspace, conversationId }));
  const review = useAnnotations(workspace, conversationId);
  if (query.isPending) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (query.isError) {
    return (
      <EmptyState icon={<MessagesSquare />} title={errorCode(query.error) === "NOT_FOUND" ? "Conversation not found" : "Could not load this conversation"}>
        {errorMessage(query.error)}
      </EmptyState>
    );
  }
  const { conversation, journey, messages, trace, toolExecutions } = query.data;
  const customer = conversation.customer as { name?: string; email?: string } | null;
  const customerTexts = Object.fromEntries(messages.filter((m) => m.role === "customer").map((m) => [m.turn, m.text]));
  const positions = new Map(messages.map((m, i) => [m.id, i + 1]));

  return (
    <div className="flex flex-col gap-4">
      <Link href={back} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="size-4" /> All conversations
      </Link>
      <header className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold text-zinc-900">Conversation</h1>
        <StatusBadge status={conversation.status} />
        <span className="text-sm text-zinc-500">
          {conversation.channel} · {conversation.createdAt.toLocaleString()} · {conversation.turns} turns
          {journey ? ` · ${journey.name}` : ""}
          {customer?.email ? ` · ${customer.name ?? ""} ${customer.email}` : ""}
        </span>
        {conversation.customerRef ? (
          <Link href={`/${workspace}/customers/${conversation.customerRef}`} className="text-sm text-brand-700 hover:underline" data-testid="conversation-customer-link">
            Customer profile
          </Link>
        ) : null}
        <div className="ml-auto">
          <MakeTestButton workspace={workspace} agent={agent} conversationId={conversationId} />
        </div>
      </header>
      {conversation.status === "escalated" && conversation.handoff ? <HandoffSummary handoff={conversation.handoff as HandoffSummaryData} /> : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
        <section aria-label="Transcript" className="flex flex-col gap-2">
          <h2 className="text-sm font-semibold text-zinc-900">Transcript</h2>
          <TranscriptMessages
            messages={messages}
            renderAfter={(m, position) =>
              showsAnnotations(review, m.id) ? <MessageAnnotations api={review} message={m} position={position} agent={agent} agentId={conversation.agentId} /> : null
            }
          />
        </section>
        <div className="flex min-w-0 flex-col gap-4">
          <section aria-label="Review" className="flex flex-col gap-2">
            <h2 className="text-sm font-semibold text-zinc-900">Review</h2>
            <ReviewPanel api={review} positions={positions} />
          </section>
          <section aria-label="Trace" className="flex min-w-0 flex-col gap-2">
            <h2 className="text-sm font-semibold text-zinc-900">Trace</h2>
            <TraceTimeline steps={trace} toolExecutions={toolExecutions} customerTexts={customerTexts} />
          </section>
        </div>
      </div>
      <section aria-label="Tool executions" className="flex flex-col gap-2">
        <h2 className="text-sm font-semibold text-zinc-900">Tool executions</h2>
        <ToolExecutionsTable executions={toolExecutions} />
      </section>
    </div>
  );
}
