"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, MessagesSquare, Undo2, UserCheck } from "lucide-react";
import { useState } from "react";
import { TranscriptMessages } from "@/components/conversations/transcript-messages";
import { TraceTimeline } from "@/components/trace/trace-timeline";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { notify } from "@/components/ui/toaster";
import { errorCode, errorMessage } from "@/lib/form-errors";
import { type Owner, priorities } from "@/lib/schemas/inbox";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { can as roleCan } from "@/server/authz/permissions";
import { ownerLabels } from "@/server/services/handoff/owner";
import { Composer } from "./composer";
import { customerLabel } from "./customer-label";
import { formatWait } from "./format-wait";
import { HandoffBriefPanel } from "./handoff-brief-panel";
import { RunToolPanel } from "./run-tool-panel";

const ownerStyles: Record<string, string> = {
  waiting_for_human: "bg-orange-50 text-orange-700 ring-1 ring-orange-200",
  human: "bg-emerald-50 text-emerald-700 ring-1 ring-emerald-200",
  ai: "bg-sky-50 text-sky-700 ring-1 ring-sky-200",
};

/** One conversation in the inbox: who holds it and what can be done, the handoff summary, transcript, composer, tools and trace. */
export function InboxConversation({ workspace, conversationId }: { workspace: string; conversationId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const me = useQuery(trpc.account.me.queryOptions());
  const query = useQuery(trpc.inbox.get.queryOptions({ workspace, conversationId }));
  const members = useQuery(trpc.members.list.queryOptions({ workspace }));
  const [dialog, setDialog] = useState<"handBack" | "resolve" | "close" | null>(null);

  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.inbox.get.queryKey({ workspace, conversationId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.inbox.list.queryKey() }),
    ]);
  };
  const options = (done: string) => ({
    onSuccess: async () => {
      setDialog(null);
      notify.success(done);
      await refresh();
    },
  });
  const claim = useMutation(trpc.inbox.claim.mutationOptions(options("Claimed: you hold this conversation")));
  const assign = useMutation(trpc.inbox.assign.mutationOptions(options("Assigned")));
  const setPriority = useMutation(trpc.inbox.setPriority.mutationOptions({ onSuccess: refresh, onError: (e) => notify.failure(e) }));
  const close = useMutation(trpc.inbox.close.mutationOptions(options("Conversation closed")));

  if (query.isPending) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (query.isError) {
    return (
      <EmptyState icon={<MessagesSquare />} title={errorCode(query.error) === "NOT_FOUND" ? "Conversation not found" : "Could not load this conversation"}>
        {errorMessage(query.error)}
      </EmptyState>
    );
  }

  const { conversation, messages, notes, trace, toolExecutions, assignee, summary } = query.data;
  const owner = conversation.owner as Owner;
  const mine = owner === "human" && conversation.assigneeId === me.data?.id;
  const manager = can("inbox:override"); // owners and admins may step in for the holder
  const open = owner === "waiting_for_human" || owner === "human";
  const mayMove = open && (owner === "waiting_for_human" || mine || manager);
  const team = (members.data ?? []).filter((m) => roleCan(m.role, "inbox:work"));
  const actionError = [claim, assign, close].find((m) => m.isError)?.error;

  return (
    <div data-testid="inbox-conversation" data-owner={owner} className="flex flex-col gap-4">
      <header className="flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold text-zinc-900">{customerLabel(conversation.customer, (summary as { who?: string } | null)?.who ?? "Anonymous customer")}</h2>
        <Badge data-testid="owner-badge" className={ownerStyles[owner]}>
          {ownerLabels[owner] ?? owner}
        </Badge>
        <span className="text-sm text-zinc-500">
          {conversation.channel} · started {conversation.createdAt.toLocaleString()}
          {owner === "human" ? ` · held by ${assignee?.name ?? "someone"}` : ""}
          {owner === "waiting_for_human" ? ` · waiting ${formatWait(query.data.waitingMs)}` : ""}
        </span>
        <label className="ml-auto flex items-center gap-2 text-sm text-zinc-600">
          Priority
          <Select
            aria-label="Priority"
            className="h-8 w-28"
            value={conversation.priority}
            disabled={setPriority.isPending}
            onChange={(e) => setPriority.mutate({ workspace, conversationId, priority: e.target.value as (typeof priorities)[number] })}
          >
            {priorities.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </Select>
        </label>
      </header>

      <div className="flex flex-wrap gap-2" data-testid="inbox-actions">
        {owner === "waiting_for_human" ? (
          <Button disabled={claim.isPending} onClick={() => claim.mutate({ workspace, conversationId })}>
            <UserCheck /> Claim
          </Button>
        ) : null}
        {mayMove && team.length ? (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="secondary" disabled={assign.isPending}>
                Assign <ChevronDown />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="start">
              <DropdownMenuLabel>Give it to</DropdownMenuLabel>
              {team.map((m) => (
                <DropdownMenuItem key={m.userId} disabled={m.userId === conversation.assigneeId} onSelect={() => assign.mutate({ workspace, conversationId, userId: m.userId })}>
                  {m.name}
                  {m.userId === me.data?.id ? " (you)" : ""}
                </DropdownMenuItem>
              ))}
            </DropdownMenuContent>
          </DropdownMenu>
        ) : null}
        {mayMove ? (
          <>
            <Button variant="secondary" onClick={() => setDialog("handBack")}>
              <Undo2 /> Hand back to the AI
            </Button>
            <Button variant="secondary" onClick={() => setDialog("resolve")}>
              Resolve
            </Button>
          </>
        ) : null}
        {owner !== "closed" && (owner !== "human" || mine || manager) ? (
          <Button variant="ghost" className="text-red-700" onClick={() => setDialog("close")}>
            Close
          </Button>
        ) : null}
      </div>
      <FormError>{actionError ? errorMessage(actionError) : null}</FormError>
      {owner === "ai" ? <p className="text-sm text-zinc-600">The AI is answering this customer again. A new handoff puts it back in the queue.</p> : null}
      {owner === "human" && !mine ? (
        <p className="text-sm text-zinc-600" data-testid="held-by-other">
          {assignee?.name ?? "Someone"} holds this conversation: only they can reply. You can still add internal notes.
        </p>
      ) : null}

      <HandoffBriefPanel summary={summary} state={conversation.state} trace={trace} />

      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <section aria-label="Transcript" className="flex min-w-0 flex-col gap-2">
          <h3 className="text-sm font-semibold text-zinc-900">Transcript</h3>
          <TranscriptMessages messages={messages} notes={notes} className="max-h-[32rem] overflow-y-auto" />
          <Composer workspace={workspace} conversationId={conversationId} canReply={mine} onSent={refresh} />
          {mine ? <RunToolPanel workspace={workspace} conversationId={conversationId} agentId={conversation.agentId} onRan={refresh} /> : null}
        </section>
        <section aria-label="Trace" className="flex min-w-0 flex-col gap-2">
          <h3 className="text-sm font-semibold text-zinc-900">Trace</h3>
          <TraceTimeline steps={trace} toolExecutions={toolExecutions} customerTexts={Object.fromEntries(messages.filter((m) => m.role === "customer").map((m) => [m.turn, m.text]))} />
        </section>
      </div>

      <HandBackDialog
        open={dialog === "handBack"}
        onClose={() => setDialog(null)}
        workspace={workspace}
        conversationId={conversationId}
        agentId={conversation.agentId}
        onDone={async () => {
          setDialog(null);
          notify.success("Handed back: the AI answers the customer's next message");
          await refresh();
        }}
      />
      <ResolveDialog
        open={dialog === "resolve"}
        onClose={() => setDialog(null)}
        workspace={workspace}
        conversationId={conversationId}
        onDone={async () => {
          setDialog(null);
          notify.success("Resolved");
          await refresh();
        }}
      />
      <ConfirmDialog
        open={dialog === "close"}
        onClose={() => setDialog(null)}
        title="Close this conversation?"
        description="The customer can no longer write to it; a new message starts a new conversation. The transcript stays."
        confirmLabel="Close conversation"
        pending={close.isPending}
        error={close.isError ? errorMessage(close.error) : null}
        onConfirm={() => close.mutate({ workspace, conversationId })}
      />
    </div>
  );
}

function HandBackDialog({ open, onClose, workspace, conversationId, agentId, onDone }: { open: boolean; onClose: () => void; workspace: string; conversationId: string; agentId: string; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const journeys = useQuery({ ...trpc.playground.journeys.queryOptions({ workspace, agentId }), enabled: open });
  const [journeyId, setJourneyId] = useState("");
  const handBack = useMutation(trpc.inbox.handBack.mutationOptions({ onSuccess: onDone }));
  return (
    <Dialog open={open} onClose={onClose} title="Hand back to the AI?" description="The AI answers the customer's next message, with everything said so far.">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          handBack.mutate({ workspace, conversationId, journeyId: journeyId || undefined });
        }}
      >
        <FormField label="Continue in a journey" hint="Optional: the AI starts this journey with the customer, e.g. to collect a return's details.">
          {(field) => (
            <Select {...field} value={journeyId} onChange={(e) => setJourneyId(e.target.value)}>
              <option value="">No journey: the AI reads the next message as usual</option>
              {(journeys.data ?? []).map((j) => (
                <option key={j.id} value={j.id}>
                  {j.name}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormError>{handBack.isError ? errorMessage(handBack.error) : null}</FormError>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={handBack.isPending}>
            Hand back
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function ResolveDialog({ open, onClose, workspace, conversationId, onDone }: { open: boolean; onClose: () => void; workspace: string; conversationId: string; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const [outcome, setOutcome] = useState<"resolved" | "unresolved">("resolved");
  const resolve = useMutation(trpc.inbox.resolve.mutationOptions({ onSuccess: onDone }));
  return (
    <Dialog open={open} onClose={onClose} title="Resolve this conversation?" description="The handoff ends with this outcome; a new message from the customer goes to the AI.">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          resolve.mutate({ workspace, conversationId, outcome });
        }}
      >
        <FormField label="Outcome">
          {(field) => (
            <Select {...field} value={outcome} onChange={(e) => setOutcome(e.target.value as "resolved" | "unresolved")}>
              <option value="resolved">Resolved: the customer got what they needed</option>
              <option value="unresolved">Unresolved: it could not be done</option>
            </Select>
          )}
        </FormField>
        <FormError>{resolve.isError ? errorMessage(resolve.error) : null}</FormError>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={resolve.isPending}>
            Resolve
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
