"use client";

import { useChat } from "@ai-sdk/react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { DefaultChatTransport } from "ai";
import { FlaskConical, Lock, RotateCcw, Repeat } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { StatusBadge } from "@/components/conversations/status-badge";
import { HandoffSummary } from "@/components/trace/handoff-summary";
import { TraceTimeline } from "@/components/trace/trace-timeline";
import type { HandoffSummaryData, TraceStep } from "@/components/trace/types";
import type { Citation } from "@/server/agent/types";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import type { AppRouter } from "@/server/api/root";
import type { PlaygroundUIMessage, TurnData } from "@/server/services/playground/stream-playground-turn";
import { CustomerSetup, type CustomerSetupValues } from "./customer-setup";
import { ChatPanel } from "./chat-panel";

/** The draft agent's playground: chat as a simulated customer beside the full trace of every turn. */
export function Playground({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const can = useCan(workspace);
  const ws = useQuery(trpc.workspaces.get.queryOptions({ workspace }));
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  if (current.isPending || ws.isPending) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (current.isError) return <EmptyState icon={<FlaskConical />} title="Could not open the playground">{errorMessage(current.error)}</EmptyState>;
  if (!can("agents:write")) {
    return (
      <EmptyState data-testid="playground-no-access" icon={<Lock />} title="You do not have access to the playground">
        Builders, admins and owners can chat with the draft agent.
      </EmptyState>
    );
  }
  return <Workbench workspace={workspace} agentId={current.data.id} agentName={current.data.name} />;
}

function Workbench({ workspace, agentId, agentName }: { workspace: string; agentId: string; agentName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const conversationId = useSearchParams().get("c");
  const [setup, setSetup] = useState<CustomerSetupValues>({ storeUserId: null, metadata: {} });
  const [autoSend, setAutoSend] = useState<{ conversationId: string; text: string } | null>(null);
  const [rerunError, setRerunError] = useState<string>();
  const [rerunning, setRerunning] = useState(false);

  const open = (id: string) => router.replace(`${pathname}?c=${id}`);
  const start = useMutation(trpc.playground.start.mutationOptions({ onSuccess: ({ id }) => open(id) }));
  const conversation = useQuery({ ...trpc.conversations.get.queryOptions({ workspace, conversationId: conversationId ?? "" }), enabled: !!conversationId });

  function begin(values: CustomerSetupValues) {
    setSetup(values);
    start.mutate({ workspace, agentId, ...values });
  }

  // A fresh conversation as the same customer with the same metadata (from the database, so it survives a reload).
  function reset() {
    const stored = conversation.data?.conversation;
    if (!stored) return begin(setup);
    const { startedBy: _s, rerunOf: _r, ...metadata } = stored.metadata as Record<string, string>;
    begin({ storeUserId: (stored.customer as { id?: string } | null)?.id ?? null, metadata });
  }

  async function rerun() {
    if (!conversationId) return;
    setRerunning(true);
    setRerunError(undefined);
    try {
      const res = await fetch("/api/playground/rerun", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ workspace, agentId, conversationId }) });
      const body = (await res.json()) as { conversationId?: string; text?: string; error?: { message: string } };
      if (!res.ok || !body.conversationId) throw new Error(body.error?.message ?? "Could not re-run the last message");
      setAutoSend({ conversationId: body.conversationId, text: body.text ?? "" });
      open(body.conversationId);
    } catch (e) {
      setRerunError((e as Error).message);
    } finally {
      setRerunning(false);
    }
  }

  return (
    <div data-testid="playground" data-agent-id={agentId} className="flex flex-col gap-4">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-zinc-900">Playground</h1>
          <p className="text-sm text-zinc-500">Chat with the draft of {agentName} as a customer would, and see every step it takes.</p>
        </div>
        {conversationId ? (
          <div className="flex gap-2">
            <Button variant="secondary" onClick={rerun} disabled={rerunning}>
              <Repeat className="size-4" /> {rerunning ? "Re-running…" : "Re-run last message"}
            </Button>
            <Button variant="secondary" onClick={reset} disabled={start.isPending}>
              <RotateCcw className="size-4" /> Reset
            </Button>
          </div>
        ) : null}
      </header>
      <FormError>{rerunError ?? (start.error ? errorMessage(start.error) : undefined)}</FormError>

      {!conversationId ? (
        <Card className="max-w-lg">
          <CardHeader>
            <CardTitle>Start a conversation</CardTitle>
          </CardHeader>
          <CardContent>
            <CustomerSetup workspace={workspace} agentId={agentId} pending={start.isPending} onStart={begin} />
          </CardContent>
        </Card>
      ) : conversation.isPending ? (
        <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
      ) : conversation.isError ? (
        <EmptyState icon={<FlaskConical />} title="Could not load this conversation" action={<Button onClick={() => router.replace(pathname)}>Start a new one</Button>}>
          {errorMessage(conversation.error)}
        </EmptyState>
      ) : (
        <Session
          key={conversationId}
          workspace={workspace}
          agentId={agentId}
          data={conversation.data}
          autoSend={autoSend?.conversationId === conversationId ? autoSend.text : null}
          onAutoSent={() => setAutoSend(null)}
        />
      )}
    </div>
  );
}

type ConversationData = inferRouterOutputs<AppRouter>["conversations"]["get"];

function Session({ workspace, agentId, data, autoSend, onAutoSent }: { workspace: string; agentId: string; data: ConversationData; autoSend: string | null; onAutoSent: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const conversationId = data.conversation.id;
  const initial = useMemo<PlaygroundUIMessage[]>(
    () => data.messages.map((m) => ({ id: m.id, role: m.role === "customer" ? "user" : "assistant", parts: [{ type: "text", text: m.text }], metadata: { citations: m.citations as Citation[] } })),
    // Only the transcript the chat starts from: later turns arrive through the stream.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [conversationId],
  );
  const transport = useMemo(() => new DefaultChatTransport<PlaygroundUIMessage>({ api: "/api/playground/chat", body: { workspace, agentId, conversationId } }), [workspace, agentId, conversationId]);
  const chat = useChat<PlaygroundUIMessage>({
    id: conversationId,
    messages: initial,
    transport,
    onData: (part) => {
      if (part.type === "data-turn") void queryClient.invalidateQueries({ queryKey: trpc.conversations.get.queryKey({ workspace, conversationId }) });
    },
  });

  const sent = useRef(false);
  useEffect(() => {
    if (autoSend && !sent.current) {
      sent.current = true;
      void chat.sendMessage({ text: autoSend });
      onAutoSent();
    }
  }, [autoSend, chat, onAutoSent]);

  // Stored turns come from the database; a turn just streamed shows from its data part until the re-read lands.
  const live: TurnData[] = chat.messages.flatMap((m) => m.parts.flatMap((p) => (p.type === "data-turn" ? [p.data] : [])));
  const storedTurns = new Set(data.trace.map((s) => s.turn));
  const steps: TraceStep[] = [...data.trace, ...live.filter((t) => !storedTurns.has(t.turn)).flatMap((t) => t.trace.map((e, seq) => ({ ...e, turn: t.turn, seq })))];
  const lastLive = live.at(-1);
  const status = lastLive && lastLive.turn >= Math.max(0, ...storedTurns) ? lastLive.status : data.conversation.status;
  const handoff = (data.conversation.handoff ?? (lastLive?.handoff || null)) as HandoffSummaryData | null;
  const customerTexts = Object.fromEntries(data.messages.filter((m) => m.role === "customer").map((m) => [m.turn, m.text]));
  const customer = data.conversation.customer as unknown as { name?: string; email?: string } | null;

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
      <div className="flex min-w-0 flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-600" data-testid="playground-session">
          <StatusBadge status={status} />
          <span>as {customer?.name ? `${customer.name} (${customer.email})` : "an anonymous customer"}</span>
          <span>· channel playground</span>
          <span data-testid="model-kind">· model {lastLive?.model ?? "local"}</span>
          {data.journey ? <span>· journey {data.journey.name}</span> : null}
        </div>
        <ChatPanel chat={chat} />
        {handoff && status === "escalated" ? <HandoffSummary handoff={handoff} /> : null}
      </div>
      <section aria-label="Trace" className="flex min-w-0 flex-col gap-2">
        <h2 className="text-sm font-semibold text-zinc-900">Trace</h2>
        <TraceTimeline steps={steps} toolExecutions={data.toolExecutions} customerTexts={customerTexts} />
      </section>
    </div>
  );
}
