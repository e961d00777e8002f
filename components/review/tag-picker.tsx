"use client";

import { Check, Tag } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import type { AnnotationsApi } from "./use-annotations";
import { ColourDot } from "./tag-chip";

/** Puts workspace tags on (or takes them off) the conversation, or one message when `messageId` is set. */
export function TagPicker({ api, messageId, label }: { api: AnnotationsApi; messageId: string | null; label: string }) {
  const applied = new Set((api.annotations.data?.tags ?? []).filter((t) => t.messageId === messageId).map((t) => t.tagId));
  const pending = api.applyTag.isPending || api.removeTag.isPending;
  const target = { workspace: api.workspace, conversationId: api.conversationId, ...(messageId ? { messageId } : {}) };
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="ghost" size="sm" className="h-7 px-2 text-xs" aria-label={label}>
          <Tag aria-hidden />
          Tag
        </Button>
      </PopoverTrigger>
      <PopoverContent align="start" className="w-64 p-2" aria-label={label}>
        <p className="px-2 pb-1 text-xs font-medium tracking-wide text-zinc-600 uppercase">Tags</p>
        {api.tags.isPending ? (
          <p className="px-2 py-1 text-sm text-zinc-500">Loading tags…</p>
        ) : (api.tags.data ?? []).length === 0 ? (
          <p className="px-2 py-1 text-sm text-zinc-600">
            No tags yet.{" "}
            <Link href={`/${api.workspace}/settings/tags`} className="text-brand-700 underline">
              Create tags
            </Link>{" "}
            first.
          </p>
        ) : (
          <ul className="max-h-64 overflow-y-auto">
            {api.tags.data!.map((t) => {
              const on = applied.has(t.id);
              return (
                <li key={t.id}>
                  <button
                    type="button"
                    aria-pressed={on}
                    disabled={pending}
                    title={t.description || undefined}
                    onClick={() => (on ? api.removeTag : api.applyTag).mutate({ ...target, tagId: t.id })}
                    className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-zinc-100 focus-visible:bg-zinc-100 focus-visible:outline-none disabled:opacity-60"
                  >
                    <ColourDot colour={t.colour} />
                    <span className="flex-1 truncate">{t.name}</span>
                    {on ? <Check className="size-4 text-brand-700" aria-hidden /> : null}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </PopoverContent>
    </Popover>
  );
}
