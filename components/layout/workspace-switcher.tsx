"use client";

import { useQuery } from "@tanstack/react-query";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { useTRPC } from "@/lib/trpc/client";

export function WorkspaceSwitcher({ current }: { current: string }) {
  const trpc = useTRPC();
  const workspaces = useQuery(trpc.workspaces.list.queryOptions());
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const currentName = workspaces.data?.find((w) => w.slug === current)?.name ?? "Workspaces";
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="workspace-switcher"
        className="flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-100"
      >
        <span className="max-w-48 truncate">{currentName}</span>
        <ChevronsUpDown className="size-3.5 text-zinc-400" />
      </button>
      {open ? (
        <div role="menu" className="absolute left-0 z-40 mt-1 w-64 rounded-md border border-zinc-200 bg-white p-1 shadow-lg">
          <p className="px-2 py-1.5 text-xs font-medium uppercase tracking-wide text-zinc-400">Your workspaces</p>
          {workspaces.data?.map((w) => (
            <Link
              key={w.id}
              role="menuitem"
              href={`/${w.slug}`}
              onClick={() => setOpen(false)}
              className={cn(
                "flex items-center justify-between rounded px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100",
                w.slug === current && "font-medium text-zinc-900",
              )}
            >
              <span className="truncate">{w.name}</span>
              {w.slug === current ? <Check className="size-4 text-brand-600" /> : null}
            </Link>
          ))}
          <div className="my-1 border-t border-zinc-100" />
          <Link
            role="menuitem"
            href="/new"
            onClick={() => setOpen(false)}
            className="flex items-center gap-2 rounded px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100"
          >
            <Plus className="size-4" />
            New workspace
          </Link>
        </div>
      ) : null}
    </div>
  );
}
