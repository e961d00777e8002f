"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Inbox as InboxIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Select } from "@/components/ui/select";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { channels } from "@/lib/schemas/conversation";
import { priorities, queues } from "@/lib/schemas/inbox";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { customerLabel } from "./customer-label";
import { formatWait, waitedSince } from "./format-wait";
import { InboxConversation } from "./inbox-conversation";
import { PriorityBadge } from "./priority-badge";
import { useInboxEvents, useNow } from "./use-inbox-events";

type Queue = (typeof queues)[number];
const queueLabels: Record<Queue, string> = { unassigned: "Unassigned", mine: "Mine", open: "All open" };
const isQueue = (v: string | null): v is Queue => queues.includes(v as Queue);

/**
 * The handoff inbox: the queues on the left (most urgent, then longest waiting, first), the conversation
 * picked from them on the right. Queue, filters and the open conversation live in the URL.
 */
export function InboxPage({ workspace }: { workspace: string }) {
  const can = useCan(workspace);
  if (!can("inbox:work")) {
    return (
      <EmptyState icon={<InboxIcon />} title="The inbox is for human agents and admins" data-testid="inbox-forbidden">
        Ask an admin of this workspace to make you a human agent to take conversations the AI hands over.
      </EmptyState>
    );
  }
  return <Inbox workspace={workspace} />;
}

function Inbox({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const { connected } = useInboxEvents(workspace);
  const now = useNow();
  const [search, setSearch] = useState(params.get("q") ?? "");

  const queue: Queue = isQueue(params.get("queue")) ? (params.get("queue") as Queue) : "unassigned";
  const priority = priorities.find((p) => p === params.get("priority"));
  const channel = channels.find((c) => c === params.get("channel"));
  const selected = params.get("c");
  const agents = useQuery(trpc.agents.list.queryOptions({ workspace }));
  const list = useQuery({
    ...trpc.inbox.list.queryOptions({ workspace, queue, priority, channel, agentId: params.get("agent") ?? undefined, search: params.get("q") || undefined }),
    placeholderData: keepPreviousData,
  });

  function href(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    return qs ? `${pathname}?${qs}` : pathname;
  }
  const navigate = (changes: Record<string, string | null>) => router.push(href(changes));

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Inbox"
        description="Conversations the AI handed to a person. Claim one, reply to the customer, then hand it back to the AI or resolve it."
        actions={
          <span data-testid="inbox-live" data-connected={connected} className={cn("inline-flex items-center gap-1.5 text-xs", connected ? "text-emerald-700" : "text-red-700")}>
            <span aria-hidden className={cn("size-2 rounded-full", connected ? "bg-emerald-500" : "bg-red-500")} />
            {connected ? "Live" : "Reconnecting…"}
          </span>
        }
      />
      <div className="flex flex-wrap items-end gap-3">
        <Tabs value={queue} onValueChange={(v) => navigate({ queue: v })}>
          <TabsList aria-label="Queue">
            {queues.map((q) => (
              // The tabs filter the list beside them (no panel of their own): they control that section.
              <TabsTrigger key={q} value={q} aria-controls="inbox-queue">
                {queueLabels[q]}
              </TabsTrigger>
            ))}
          </TabsList>
        </Tabs>
        <Filter label="Agent" id="inbox-agent">
          <Select id="inbox-agent" value={params.get("agent") ?? ""} onChange={(e) => navigate({ agent: e.target.value })}>
            <option value="">All agents</option>
            {(agents.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter label="Priority" id="inbox-priority">
          <Select id="inbox-priority" value={priority ?? ""} onChange={(e) => navigate({ priority: e.target.value })}>
            <option value="">Any priority</option>
            {priorities.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </Select>
        </Filter>
        <Filter label="Channel" id="inbox-channel">
          <Select id="inbox-channel" value={channel ?? ""} onChange={(e) => navigate({ channel: e.target.value })}>
            <option value="">All channels</option>
            {channels.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </Filter>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            navigate({ q: search.trim() });
          }}
        >
          <Filter label="Search" id="inbox-search">
            <Input id="inbox-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Words in messages" />
          </Filter>
        </form>
      </div>

      <div className="grid gap-4 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <section id="inbox-queue" aria-label={`${queueLabels[queue]} conversations`} className="flex flex-col gap-2">
          <QueryView
            query={list}
            empty={
              <EmptyState icon={<InboxIcon />} title={queue === "mine" ? "Nothing assigned to you" : "Nobody is waiting"} data-testid="inbox-empty">
                {queue === "unassigned" ? "When the AI hands a conversation to a person, it appears here at once." : "Claim a conversation from Unassigned to work on it."}
              </EmptyState>
            }
          >
            {(items) => (
              <ul data-testid="inbox-list" className="flex flex-col gap-2">
                {items.map((item) => {
                  const summary = (item.handoff ?? {}) as { wants?: string; who?: string };
                  const waited = waitedSince(item.waitingMs, list.dataUpdatedAt, now);
                  return (
                    <li key={item.id}>
                      <Link
                        href={href({ c: item.id })}
                        data-testid="inbox-item"
                        data-owner={item.owner}
                        aria-current={item.id === selected ? "true" : undefined}
                        className={cn("flex flex-col gap-1 rounded-card border border-zinc-200 bg-white p-3 text-sm hover:border-brand-300", item.id === selected && "border-brand-500 ring-1 ring-brand-500")}
                      >
                        <span className="flex items-center gap-2">
                          <span className="truncate font-medium text-zinc-900">{customerLabel(item.customer, summary.who ?? "Anonymous customer")}</span>
                          <PriorityBadge priority={item.priority} className="ml-auto" />
                        </span>
                        <span className="line-clamp-2 text-zinc-600">{summary.wants ?? item.lastMessage ?? "no message yet"}</span>
                        <span className="flex flex-wrap gap-x-2 text-xs text-zinc-500">
                          <span>{item.agent.name}</span>
                          <span>· {item.channel}</span>
                          {item.owner === "waiting_for_human" ? (
                            <span data-testid="inbox-waiting" className="font-medium text-orange-700">
                              · waiting {formatWait(waited)}
                            </span>
                          ) : (
                            <span>· with {item.assignee?.name ?? "someone"}</span>
                          )}
                        </span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            )}
          </QueryView>
        </section>
        <section aria-label="Conversation" className="min-w-0">
          {selected ? (
            <InboxConversation key={selected} workspace={workspace} conversationId={selected} />
          ) : (
            <EmptyState icon={<InboxIcon />} title="Pick a conversation">
              Its handoff summary, transcript and trace open here.
            </EmptyState>
          )}
        </section>
      </div>
    </div>
  );
}

function Filter({ label, id, children }: { label: string; id: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}
