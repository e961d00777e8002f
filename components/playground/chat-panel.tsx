"use client";

import type { UseChatHelpers } from "@ai-sdk/react";
import { SendHorizontal } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Citations } from "@/components/knowledge/citations";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { PlaygroundUIMessage } from "@/server/services/playground/stream-playground-turn";

/** The transcript and the composer; the agent's reply grows as its pieces stream in. */
export function ChatPanel({ chat }: { chat: UseChatHelpers<PlaygroundUIMessage> }) {
  const [text, setText] = useState("");
  const end = useRef<HTMLDivElement>(null);
  const busy = chat.status === "submitted" || chat.status === "streaming";

  // Braces matter: newer Chromium returns a promise from scrollIntoView, which React would call as a cleanup.
  useEffect(() => {
    void end.current?.scrollIntoView({ block: "nearest" });
  }, [chat.messages]);

  function send(e: React.FormEvent) {
    e.preventDefault();
    const message = text.trim();
    if (!message || busy) return;
    setText("");
    void chat.sendMessage({ text: message });
  }

  return (
    <div className="flex min-h-[28rem] flex-col rounded-card border border-zinc-200 bg-white">
      <ol data-testid="chat-transcript" data-status={chat.status} aria-live="polite" className="flex max-h-[60vh] flex-1 flex-col gap-2 overflow-y-auto p-3">
        {chat.messages.map((m) => {
          const body = m.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
          if (!body) return null;
          return (
            <li
              key={m.id}
              data-testid="chat-message"
              data-role={m.role === "user" ? "customer" : "agent"}
              className={cn("max-w-[85%] rounded-2xl px-3 py-2 text-sm whitespace-pre-wrap", m.role === "user" ? "self-end bg-brand-600 text-white" : "self-start bg-zinc-100 text-zinc-900")}
            >
              {body}
              <Citations citations={[...(m.metadata?.citations ?? []), ...m.parts.flatMap((p) => (p.type === "data-turn" ? p.data.citations : []))]} />
            </li>
          );
        })}
        {chat.status === "submitted" ? (
          <li data-testid="agent-typing" className="self-start rounded-2xl bg-zinc-100 px-3 py-2 text-sm text-zinc-500">
            …
          </li>
        ) : null}
        <div ref={end} />
      </ol>
      {chat.error ? (
        <div className="px-3">
          <FormError>{chat.error.message}</FormError>
        </div>
      ) : null}
      <form onSubmit={send} className="flex gap-2 border-t border-zinc-100 p-3">
        <Input aria-label="Message" value={text} onChange={(e) => setText(e.target.value)} placeholder="Write as the customer…" autoComplete="off" />
        <Button type="submit" disabled={busy || !text.trim()} aria-label="Send">
          <SendHorizontal className="size-4" />
        </Button>
      </form>
    </div>
  );
}
