"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { MAX_REVIEW_TEXT } from "@/lib/schemas/review";
import { MarkdownText } from "./markdown-text";
import type { AnnotationsApi, NoteView } from "./use-annotations";

const when = (d: Date | string) => new Date(d).toLocaleString();

/** One note: author, time, its Markdown; its author (or an admin) edits it in place or deletes it. */
export function NoteCard({ api, note, where }: { api: AnnotationsApi; note: NoteView; where?: string }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  return (
    <article data-testid="review-note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      <header className="mb-1 flex flex-wrap items-center gap-x-2 text-xs text-amber-800">
        <span className="font-medium">{note.authorName}</span>
        <time dateTime={new Date(note.createdAt).toISOString()}>{when(note.createdAt)}</time>
        {note.updatedAt ? <span>(edited)</span> : null}
        {where ? <span>· {where}</span> : null}
        {note.canChange && editing === null ? (
          <span className="ml-auto flex gap-1">
            <Button variant="ghost" size="sm" className="h-6 px-1.5 text-xs" onClick={() => setEditing(note.text)}>
              Edit
            </Button>
            <Button variant="ghost" size="sm" className="h-6 px-1.5 text-xs text-red-700" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </span>
        ) : null}
      </header>
      {editing === null ? (
        <MarkdownText text={note.text} />
      ) : (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            api.updateNote.mutate(
              { workspace: api.workspace, noteId: note.id, text: editing },
              {
                onSuccess: () => {
                  setEditing(null);
                  notify.success("Note saved");
                },
              },
            );
          }}
        >
          <Textarea aria-label="Edit note" rows={4} maxLength={MAX_REVIEW_TEXT} value={editing} onChange={(e) => setEditing(e.target.value)} className="bg-white" />
          <FormError>{api.updateNote.isError && api.updateNote.variables?.noteId === note.id ? errorMessage(api.updateNote.error) : null}</FormError>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" size="sm" onClick={() => setEditing(null)}>
              Cancel
            </Button>
            <Button type="submit" size="sm" disabled={api.updateNote.isPending || !editing.trim()}>
              Save note
            </Button>
          </div>
        </form>
      )}
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title="Delete this note?"
        description={`The note by ${note.authorName} is removed for everyone. The audit log keeps its text.`}
        confirmLabel="Delete note"
        pending={api.deleteNote.isPending}
        error={api.deleteNote.isError ? errorMessage(api.deleteNote.error) : null}
        onConfirm={() => api.deleteNote.mutate({ workspace: api.workspace, noteId: note.id }, { onSuccess: () => setDeleting(false) })}
      />
    </article>
  );
}
