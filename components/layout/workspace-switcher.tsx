"use client";

import { useQuery } from "@tanstack/react-query";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { useTRPC } from "@/lib/trpc/client";

export function WorkspaceSwitcher({ current }: { current: string }) {
  const trpc = useTRPC();
  const workspaces = useQuery(trpc.workspaces.list.queryOptions());
  const currentName = workspaces.data?.find((w) => w.slug === current)?.name ?? "Workspaces";
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        data-testid="workspace-switcher"
        className="flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-100"
      >
        <span className="max-w-40 truncate">{currentName}</span>
        <ChevronsUpDown className="size-3.5 text-zinc-500" aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>Your workspaces</DropdownMenuLabel>
        {workspaces.data?.map((w) => (
          <DropdownMenuItem key={w.id} asChild className={w.slug === current ? "font-medium text-zinc-900" : undefined}>
            <Link href={`/${w.slug}`} className="justify-between">
              <span className="truncate">{w.name}</span>
              {w.slug === current ? <Check className="text-brand-600" aria-hidden /> : null}
            </Link>
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/new">
            <Plus />
            New workspace
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
