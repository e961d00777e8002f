"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage, serverFieldErrors } from "@/lib/form-errors";
import { MAX_HUMAN_TEXT } from "@/lib/schemas/inbox";
import { useTRPC } from "@/lib/trpc/client";

/** The workspace's canned replies: saved answers anyone on the inbox inserts into a reply. */
export function CannedRepliesDialog({ open, onClose, workspace }: { open: boolean; onClose: () => void; workspace: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.inbox.cannedReplies.list.queryOptions({ workspace }), enabled: open });
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.inbox.cannedReplies.list.queryKey() });
  const create = useMutation(
    trpc.inbox.cannedReplies.create.mutationOptions({
      onSuccess: async () => {
        setTitle("");
        setText("");
        await invalidate();
      },
    }),
  );
  const remove = useMutation(trpc.inbox.cannedReplies.delete.mutationOptions({ onSuccess: invalidate }));
  const fields = serverFieldErrors(create.error);

  return (
    <Dialog open={open} onClose={onClose} title="Canned replies" description="Saved answers for the whole workspace. Pick one from the reply box to insert it.">
      <div className="space-y-4">
        <ul className="max-h-56 space-y-2 overflow-y-auto" data-testid="canned-replies">
          {(list.data ?? []).map((c) => (
            <li key={c.id} className="flex items-start gap-2 rounded-md border border-zinc-200 p-2 text-sm">
              <div className="min-w-0 flex-1">
                <p className="font-medium text-zinc-900">{c.title}</p>
                <p className="line-clamp-2 text-zinc-600">{c.text}</p>
              </div>
              <Button variant="ghost" size="icon" aria-label={`Delete ${c.title}`} disabled={remove.isPending} onClick={() => remove.mutate({ workspace, cannedReplyId: c.id })}>
                <Trash2 />
              </Button>
            </li>
          ))}
          {list.data?.length === 0 ? <li className="text-sm text-zinc-500">None yet: add the answers your team gives most.</li> : null}
        </ul>
        <FormError>{remove.isError ? errorMessage(remove.error) : null}</FormError>
        <form
          className="space-y-3 border-t border-zinc-100 pt-4"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ workspace, title, text });
          }}
        >
          <FormField label="Title" error={fields.title}>
            {(field) => <Input {...field} value={title} maxLength={80} onChange={(e) => setTitle(e.target.value)} />}
          </FormField>
          <FormField label="Text" error={fields.text}>
            {(field) => <Textarea {...field} rows={3} value={text} maxLength={MAX_HUMAN_TEXT} onChange={(e) => setText(e.target.value)} />}
          </FormField>
          <FormError>{create.isError && !fields.title && !fields.text ? errorMessage(create.error) : null}</FormError>
          <div className="flex justify-end">
            <Button type="submit" disabled={create.isPending}>
              Save canned reply
            </Button>
          </div>
        </form>
      </div>
    </Dialog>
  );
}
