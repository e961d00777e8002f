import { type CitationView, Citations } from "@/components/knowledge/citations";
import { Fragment } from "react";
import { cn } from "@/components/ui/cn";

export interface TranscriptMessage {
  id: string;
  role: string;
  text: string;
  createdAt: Date | string;
  /** A person's reply: their name as the customer saw it. */
  authorName?: string | null;
  citations?: unknown;
}

export interface TranscriptNote {
  id: string;
  text: string;
  authorName: string;
  createdAt: Date | string;
}

const time = (d: Date | string) => new Date(d).getTime();

/**
 * The messages of a conversation as bubbles, the customer on the right. Internal notes (the inbox passes
 * them) sit in time order between the messages, styled and labelled so nobody mistakes them for sent text.
 */
export function TranscriptMessages({
  messages,
  notes = [],
  className,
  renderAfter,
}: {
  messages: TranscriptMessage[];
  notes?: TranscriptNote[];
  className?: string;
  /** Shown under a message (the review annotations), given its 1-based position among the messages. */
  renderAfter?: (message: TranscriptMessage, position: number) => React.ReactNode;
}) {
  const positions = new Map(messages.map((m, i) => [m.id, i + 1]));
  // Notes are placed by time; messages keep the server's order (turn, then time).
  const items: ({ kind: "message"; m: TranscriptMessage } | { kind: "note"; n: TranscriptNote })[] = [];
  const pending = [...notes].sort((a, b) => time(a.createdAt) - time(b.createdAt));
  for (const m of messages) {
    while (pending.length && time(pending[0]!.createdAt) < time(m.createdAt)) items.push({ kind: "note", n: pending.shift()! });
    items.push({ kind: "message", m });
  }
  for (const n of pending) items.push({ kind: "note", n });

  return (
    <ol data-testid="transcript" className={cn("flex flex-col gap-2 rounded-card border border-zinc-200 bg-white p-3", className)}>
      {items.map((item) =>
        item.kind === "note" ? (
          <li key={`note-${item.n.id}`} data-testid="transcript-note" className="self-stretch rounded-md border border-dashed border-amber-300 bg-amber-50 px-3 py-2 text-sm whitespace-pre-wrap text-amber-950">
            <span className="mb-1 block text-xs font-medium text-amber-800">Internal note by {item.n.authorName} · never sent to the customer</span>
            {item.n.text}
          </li>
        ) : (
          <Fragment key={item.m.id}>
            <li
              data-testid="transcript-message"
              data-role={item.m.role}
              className={cn(
                "max-w-[85%] rounded-2xl px-3 py-2 text-sm whitespace-pre-wrap",
                item.m.role === "customer" ? "self-end bg-brand-600 text-white" : item.m.role === "human" ? "self-start bg-emerald-50 text-emerald-950 ring-1 ring-emerald-200" : "self-start bg-zinc-100 text-zinc-900",
              )}
            >
              {item.m.role === "human" ? (
                <span className="mb-1 block text-xs font-medium text-emerald-800">{item.m.authorName ?? "A person"} (person)</span>
              ) : item.m.role !== "customer" && item.m.role !== "agent" ? (
                <span className="mb-1 block text-xs font-medium uppercase">{item.m.role}</span>
              ) : null}
              {item.m.text}
              <Citations citations={(item.m.citations ?? []) as CitationView[]} />
            </li>
            <MessageExtra message={item.m} content={renderAfter?.(item.m, positions.get(item.m.id)!)} />
          </Fragment>
        ),
      )}
    </ol>
  );
}

function MessageExtra({ message, content }: { message: TranscriptMessage; content: React.ReactNode }) {
  if (content === null || content === undefined) return null;
  return <li className={cn("flex max-w-[85%] flex-col gap-1.5", message.role === "customer" ? "items-end self-end" : "items-start self-start")}>{content}</li>;
}
