"use client";

import { AnnotationSection } from "@/components/annotation/annotation-section";
import { ScorecardSection } from "@/components/scorecards/scorecard-section";
import { FormError } from "@/components/ui/form-field";
import { errorMessage } from "@/lib/form-errors";
import { CorrectionCard } from "./correction-card";
import { NoteCard } from "./note-card";
import { NoteForm } from "./note-form";
import { TagChip } from "./tag-chip";
import { TagPicker } from "./tag-picker";
import type { AnnotationsApi } from "./use-annotations";

/**
 * The reviewer's side panel on a conversation: its tags, its scorecard, every note and correction (those
 * on a message say which one, and also sit under it in the transcript), and a note on the whole conversation.
 */
export function ReviewPanel({ api, positions }: { api: AnnotationsApi; positions: Map<string, number> }) {
  const { annotations } = api;
  if (annotations.isPending) return <div className="h-32 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (annotations.isError) return <FormError>{errorMessage(annotations.error)}</FormError>;
  const { tags, notes, corrections } = annotations.data;
  const conversationTags = tags.filter((t) => t.messageId === null);
  const where = (messageId: string | null) => (messageId ? `on message ${positions.get(messageId) ?? "?"}` : undefined);
  const items = [...notes.map((n) => ({ kind: "note" as const, n })), ...corrections.map((c) => ({ kind: "correction" as const, c }))].sort(
    (a, b) => new Date(a.kind === "note" ? a.n.createdAt : a.c.createdAt).getTime() - new Date(b.kind === "note" ? b.n.createdAt : b.c.createdAt).getTime(),
  );
  return (
    <div data-testid="review-panel" className="flex flex-col gap-3 rounded-card border border-zinc-200 bg-white p-3">
      <div className="flex flex-wrap items-center gap-1" data-testid="conversation-tags">
        <span className="mr-1 text-xs font-medium text-zinc-600">Tags</span>
        {conversationTags.length === 0 && !api.canWrite ? <span className="text-xs text-zinc-500">none</span> : null}
        {conversationTags.map((t) => (
          <TagChip
            key={t.id}
            name={t.name}
            colour={t.colour}
            title={t.description || undefined}
            onRemove={api.canWrite ? () => api.removeTag.mutate({ workspace: api.workspace, conversationId: api.conversationId, tagId: t.tagId }) : undefined}
            disabled={api.removeTag.isPending}
          />
        ))}
        {api.canWrite ? <TagPicker api={api} messageId={null} label="Tag this conversation" /> : null}
      </div>
      <ScorecardSection workspace={api.workspace} conversationId={api.conversationId} canWrite={api.canWrite} />
      <AnnotationSection workspace={api.workspace} conversationId={api.conversationId} canWrite={api.canWrite} positions={positions} />
      <div className="flex flex-col gap-2" data-testid="review-items">
        {items.length === 0 ? (
          <p className="text-sm text-zinc-500">
            No notes or corrections yet.{api.canWrite ? " Write a note below, or use Note and Correct under a message." : ""}
          </p>
        ) : (
          items.map((item) =>
            item.kind === "note" ? (
              <NoteCard key={item.n.id} api={api} note={item.n} where={where(item.n.messageId)} />
            ) : (
              <CorrectionCard key={item.c.id} api={api} correction={item.c} where={where(item.c.messageId)} />
            ),
          )
        )}
      </div>
      {api.canWrite ? <NoteForm api={api} messageId={null} label="Note on this conversation" /> : null}
    </div>
  );
}
