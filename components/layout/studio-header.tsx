"use client";

import { useQuery } from "@tanstack/react-query";
import { LogOut } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { Logo } from "./logo";
import { WorkspaceSwitcher } from "./workspace-switcher";

export function StudioHeader({ workspace, found }: { workspace: string; found: boolean }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const can = useCan(workspace);
  const pathname = usePathname();

  const base = `/${workspace}`;
  const nav = [
    { href: base, label: "Agents", active: pathname === base || pathname.startsWith(`${base}/agents`) },
    { href: `${base}/knowledge`, label: "Knowledge", active: pathname.startsWith(`${base}/knowledge`) },
    { href: `${base}/settings/members`, label: "Members", active: pathname.startsWith(`${base}/settings/members`) },
    ...(can("audit:read")
      ? [{ href: `${base}/settings/audit`, label: "Audit log", active: pathname.startsWith(`${base}/settings/audit`) }]
      : []),
    ...(can("settings:manage")
      ? [
          { href: `${base}/settings/model`, label: "Model", active: pathname.startsWith(`${base}/settings/model`) },
          { href: `${base}/settings/secrets`, label: "Secrets", active: pathname.startsWith(`${base}/settings/secrets`) },
          { href: `${base}/settings/jobs`, label: "Jobs", active: pathname.startsWith(`${base}/settings/jobs`) },
        ]
      : []),
    ...(can("apikeys:manage")
      ? [{ href: `${base}/settings/api-keys`, label: "API keys", active: pathname.startsWith(`${base}/settings/api-keys`) }]
      : []),
    { href: `${base}/api-reference`, label: "API", active: pathname.startsWith(`${base}/api-reference`) },
  ];

  return (
    <header className="border-b border-zinc-200 bg-white">
      <div className="mx-auto flex h-14 w-full max-w-6xl items-center gap-4 px-4 sm:px-6">
        <Logo href={found ? base : "/"} />
        <span aria-hidden className="text-zinc-300">
          /
        </span>
        <WorkspaceSwitcher current={workspace} />
        {found ? (
          <nav aria-label="Workspace" className="ml-2 flex items-center gap-1">
            {nav.map((item) => (
              <Link
                key={item.href}
                href={item.href}
                aria-current={item.active ? "page" : undefined}
                className={cn(
                  "rounded-md px-3 py-1.5 text-sm font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900",
                  item.active && "bg-zinc-100 text-zinc-900",
                )}
              >
                {item.label}
              </Link>
            ))}
          </nav>
        ) : null}
        <div className="ml-auto flex items-center gap-3">
          <span className="hidden text-sm text-zinc-600 sm:inline" data-testid="user-name">
            {me.data?.name}
          </span>
          <Button variant="ghost" size="sm" onClick={() => void signOut({ redirectTo: "/sign-in" })}>
            <LogOut />
            Sign out
          </Button>
        </div>
      </div>
    </header>
  );
}
