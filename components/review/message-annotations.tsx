"use client";

import { MessageSquarePlus, PencilLine } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { CorrectionCard } from "./correction-card";
import { CorrectionForm } from "./correction-form";
import { NoteCard } from "./note-card";
import { NoteForm } from "./note-form";
import { TagChip } from "./tag-chip";
import { TagPicker } from "./tag-picker";
import type { AnnotationsApi } from "./use-annotations";

interface Props {
  api: AnnotationsApi;
  message: { id: string; role: string };
  /** 1-based position in the transcript, for labels ("message 3"). */
  position: number;
  agent: string;
  agentId: string;
}

/** Whether a message has anything to show under it: annotations, or actions for someone who may add them. */
export function showsAnnotations(api: AnnotationsApi, messageId: string): boolean {
  const data = api.annotations.data;
  if (!data) return false;
  return api.canWrite || [...data.tags, ...data.notes, ...data.corrections].some((a) => a.messageId === messageId);
}

/** Under one message: its tags, notes and corrections, and (for reviewers) tag / note / correct actions. */
export function MessageAnnotations({ api, message, position, agent, agentId }: Props) {
  const [dialog, setDialog] = useState<"note" | "correction" | null>(null);
  const data = api.annotations.data;
  const tags = (data?.tags ?? []).filter((t) => t.messageId === message.id);
  const notes = (data?.notes ?? []).filter((n) => n.messageId === message.id);
  const corrections = (data?.corrections ?? []).filter((c) => c.messageId === message.id);
  const isAgent = message.role === "agent";
  const name = `message ${position}`;
  return (
    <div data-testid="message-annotations" data-message-id={message.id} className={cn("flex flex-col gap-1.5", message.role === "customer" ? "items-end" : "items-start")}>
      <div className="flex flex-wrap items-center gap-1">
        {tags.map((t) => (
          <TagChip
            key={t.id}
            name={t.name}
            colour={t.colour}
            title={t.description || undefined}
            onRemove={api.canWrite ? () => api.removeTag.mutate({ workspace: api.workspace, conversationId: api.conversationId, messageId: message.id, tagId: t.tagId }) : undefined}
            disabled={api.removeTag.isPending}
          />
        ))}
        {api.canWrite ? (
          <>
            <TagPicker api={api} messageId={message.id} label={`Tag ${name}`} />
            <Button variant="ghost" size="sm" className="h-7 px-2 text-xs" aria-label={`Note on ${name}`} onClick={() => setDialog("note")}>
              <MessageSquarePlus aria-hidden />
              Note
            </Button>
            {isAgent ? (
              <Button variant="ghost" size="sm" className="h-7 px-2 text-xs" aria-label={`Correct ${name}`} onClick={() => setDialog("correction")}>
                <PencilLine aria-hidden />
                Correct
              </Button>
            ) : null}
          </>
        ) : null}
      </div>
      {notes.map((n) => (
        <NoteCard key={n.id} api={api} note={n} />
      ))}
      {corrections.map((c) => (
        <CorrectionCard key={c.id} api={api} correction={c} />
      ))}
      <Dialog open={dialog === "note"} onClose={() => setDialog(null)} title={`Note on ${name}`} description="For the team only: the customer never sees notes.">
        <NoteForm api={api} messageId={message.id} label="Note" onDone={() => setDialog(null)} />
      </Dialog>
      <Dialog open={dialog === "correction"} onClose={() => setDialog(null)} title={`Correct ${name}`} description="What the agent should have said instead, and what it should have done.">
        <CorrectionForm api={api} messageId={message.id} agent={agent} agentId={agentId} onDone={() => setDialog(null)} />
      </Dialog>
    </div>
  );
}
