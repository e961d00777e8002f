"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { MAX_REVIEW_TEXT } from "@/lib/schemas/review";
import type { AnnotationsApi } from "./use-annotations";

/** Writes a note on the conversation, or on one message when `messageId` is set. */
export function NoteForm({ api, messageId, label, onDone }: { api: AnnotationsApi; messageId: string | null; label: string; onDone?: () => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        api.addNote.mutate(
          { workspace: api.workspace, conversationId: api.conversationId, ...(messageId ? { messageId } : {}), text },
          {
            onSuccess: () => {
              setText("");
              notify.success("Note added");
              onDone?.();
            },
            onError: (err) => setError(errorMessage(err)),
          },
        );
      }}
    >
      <FormField label={label} hint={`Markdown works: **bold**, *italic*, lists, links. Up to ${MAX_REVIEW_TEXT} characters.`}>
        {(p) => <Textarea {...p} rows={3} maxLength={MAX_REVIEW_TEXT} value={text} onChange={(e) => setText(e.target.value)} placeholder="What should the team know?" />}
      </FormField>
      <FormError>{error}</FormError>
      <div className="flex justify-end">
        <Button type="submit" size="sm" disabled={api.addNote.isPending || !text.trim()}>
          Add note
        </Button>
      </div>
    </form>
  );
}
