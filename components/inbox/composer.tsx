"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { BookText, Lock, SendHorizontal } from "lucide-react";
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { FormError } from "@/components/ui/form-field";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/form-errors";
import { MAX_HUMAN_TEXT } from "@/lib/schemas/inbox";
import { useTRPC } from "@/lib/trpc/client";
import { CannedRepliesDialog } from "./canned-replies-dialog";

type Mode = "reply" | "note";

/**
 * Writes to the customer (only the person who holds the conversation) or an internal note for the team.
 * The note mode is yellow and says, on the button too, that the customer never sees it.
 */
export function Composer({ workspace, conversationId, canReply, onSent }: { workspace: string; conversationId: string; canReply: boolean; onSent: () => Promise<void> }) {
  const trpc = useTRPC();
  const [mode, setMode] = useState<Mode>(canReply ? "reply" : "note");
  const [text, setText] = useState("");
  const [managing, setManaging] = useState(false);
  const canned = useQuery(trpc.inbox.cannedReplies.list.queryOptions({ workspace }));
  const done = { onSuccess: async () => (setText(""), await onSent()) };
  const reply = useMutation(trpc.inbox.reply.mutationOptions(done));
  const note = useMutation(trpc.inbox.note.mutationOptions(done));
  const typing = useMutation(trpc.inbox.typing.mutationOptions());
  const lastTyping = useRef(0);
  const textId = useId();
  const active = mode === "reply" ? reply : note;
  const isNote = mode === "note";
  const blocked = !isNote && !canReply;

  function submit(e?: React.FormEvent) {
    e?.preventDefault();
    if (blocked || active.isPending || !text.trim()) return;
    active.mutate({ workspace, conversationId, text });
  }

  return (
    <>
      <form data-testid="composer" data-mode={mode} onSubmit={submit} className={cn("flex flex-col gap-2 rounded-card border p-3", isNote ? "border-amber-300 bg-amber-50" : "border-zinc-200 bg-white")}>
        <div className="flex items-center gap-2">
          <Tabs value={mode} onValueChange={(v) => setMode(v as Mode)}>
            <TabsList aria-label="Write">
              {/* The tabs switch what the one text box writes: they control it (there is no panel). */}
              <TabsTrigger value="reply" aria-controls={textId}>
                Reply to customer
              </TabsTrigger>
              <TabsTrigger value="note" aria-controls={textId}>
                <Lock /> Internal note
              </TabsTrigger>
            </TabsList>
          </Tabs>
          {!isNote ? (
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button variant="ghost" size="sm" className="ml-auto">
                  <BookText /> Canned replies
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent>
                <DropdownMenuLabel>Insert</DropdownMenuLabel>
                {(canned.data ?? []).map((c) => (
                  <DropdownMenuItem key={c.id} onSelect={() => setText((t) => (t.trim() ? `${t.trimEnd()}\n${c.text}` : c.text))}>
                    {c.title}
                  </DropdownMenuItem>
                ))}
                {canned.data?.length === 0 ? <p className="px-2 py-1.5 text-zinc-500">None saved yet</p> : null}
                <DropdownMenuSeparator />
                <DropdownMenuItem onSelect={() => setManaging(true)}>Manage canned replies…</DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
          ) : null}
        </div>
        <Textarea
          id={textId}
          aria-label={isNote ? "Internal note" : "Reply"}
          rows={3}
          maxLength={MAX_HUMAN_TEXT}
          value={text}
          disabled={blocked}
          placeholder={blocked ? "Claim the conversation to reply to the customer" : isNote ? "Only your team sees this" : "Write to the customer…"}
          onChange={(e) => {
            setText(e.target.value);
            // The customer sees "… is typing" (the server keeps at most one such event per 3 s anyway).
            if (!isNote && canReply && e.target.value.trim() && Date.now() - lastTyping.current > 3_000) {
              lastTyping.current = Date.now();
              typing.mutate({ workspace, conversationId });
            }
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit();
          }}
          className={cn(isNote && "bg-white")}
        />
        <FormError>{active.isError ? errorMessage(active.error) : null}</FormError>
        <div className="flex items-center justify-between gap-2 text-xs text-zinc-500">
          <span>
            {isNote ? "Never sent to the customer. " : ""}
            {text.length}/{MAX_HUMAN_TEXT}
          </span>
          <Button type="submit" size="sm" variant={isNote ? "secondary" : "primary"} disabled={blocked || active.isPending || !text.trim()}>
            {isNote ? (
              <>
                <Lock /> Add note
              </>
            ) : (
              <>
                <SendHorizontal /> Send reply
              </>
            )}
          </Button>
        </div>
      </form>
      {/* Outside the form: React bubbles a portal's submit through the component tree. */}
      <CannedRepliesDialog open={managing} onClose={() => setManaging(false)} workspace={workspace} />
    </>
  );
}
