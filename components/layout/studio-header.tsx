"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronDown, LogOut, Menu } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { Logo } from "./logo";
import { WorkspaceSwitcher } from "./workspace-switcher";

interface NavItem {
  href: string;
  label: string;
  active: boolean;
}

const linkClass = (active: boolean) =>
  cn("rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900", active && "bg-zinc-100 text-zinc-900");

/**
 * The workspace navigation. From 1280 px (Tailwind's xl) it is one row, with the admin pages under a
 * Settings menu so the row never wraps; below that every page is in one menu behind a button.
 */
export function StudioHeader({ workspace, found }: { workspace: string; found: boolean }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const can = useCan(workspace);
  const pathname = usePathname();

  const base = `/${workspace}`;
  const item = (path: string, label: string): NavItem => ({ href: `${base}${path}`, label, active: pathname.startsWith(`${base}${path}`) });
  const primary: NavItem[] = [
    { href: base, label: "Agents", active: pathname === base || pathname.startsWith(`${base}/agents`) },
    item("/knowledge", "Knowledge"),
    ...(can("customers:read") ? [item("/customers", "Customers")] : []),
    ...(can("inbox:work") ? [item("/inbox", "Inbox")] : []),
    item("/settings/members", "Members"),
    ...(can("audit:read") ? [item("/settings/audit", "Audit log")] : []),
  ];
  const settings: NavItem[] = [
    ...(can("settings:manage") ? [item("/settings/model", "Model"), item("/settings/handoff", "Handoff hours"), item("/settings/secrets", "Secrets"), item("/settings/jobs", "Jobs")] : []),
    ...(can("apikeys:manage") ? [item("/settings/api-keys", "API keys")] : []),
    ...(can("customers:manage") ? [item("/settings/identity", "Identity & memory")] : []),
    ...(can("privacy:manage") ? [item("/settings/privacy", "Privacy")] : []),
    ...(can("review:write") ? [item("/settings/tags", "Tags")] : []),
    ...(can("settings:manage") || can("review:write") ? [item("/settings/scorecard", "Scorecard")] : []),
  ];
  // Reviewers' and CX leads' pages, one menu so the row fits at 1280 px.
  const quality: NavItem[] = [item("/review/queues", "Review queues"), item("/review/calibration", "Judge calibration"), item("/outcomes", "Outcome report")];
  const reference = item("/api-reference", "API");

  return (
    <header className="border-b border-zinc-200 bg-white">
      <div className="mx-auto flex h-14 w-full max-w-7xl items-center gap-3 px-4 sm:px-6">
        <Logo href={found ? base : "/"} />
        <span aria-hidden className="text-zinc-300">
          /
        </span>
        <WorkspaceSwitcher current={workspace} />
        {found ? (
          <>
            <nav aria-label="Workspace" className="ml-2 hidden items-center gap-1 xl:flex" data-testid="workspace-nav">
              {primary.map((i) => (
                <Link key={i.href} href={i.href} aria-current={i.active ? "page" : undefined} className={linkClass(i.active)}>
                  {i.label}
                </Link>
              ))}
              <NavMenu label="Quality" items={quality} />
              {settings.length > 0 ? <NavMenu label="Settings" items={settings} /> : null}
              <Link href={reference.href} aria-current={reference.active ? "page" : undefined} className={linkClass(reference.active)}>
                {reference.label}
              </Link>
            </nav>
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button variant="ghost" size="sm" className="xl:hidden" data-testid="nav-menu">
                  <Menu />
                  Menu
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="start" className="w-56">
                {primary.map((i) => (
                  <DropdownMenuItem key={i.href} asChild>
                    <Link href={i.href} aria-current={i.active ? "page" : undefined}>
                      {i.label}
                    </Link>
                  </DropdownMenuItem>
                ))}
                <DropdownMenuSeparator />
                <DropdownMenuLabel>Quality</DropdownMenuLabel>
                {quality.map((i) => (
                  <DropdownMenuItem key={i.href} asChild>
                    <Link href={i.href} aria-current={i.active ? "page" : undefined}>
                      {i.label}
                    </Link>
                  </DropdownMenuItem>
                ))}
                {settings.length > 0 ? (
                  <>
                    <DropdownMenuSeparator />
                    <DropdownMenuLabel>Settings</DropdownMenuLabel>
                    {settings.map((i) => (
                      <DropdownMenuItem key={i.href} asChild>
                        <Link href={i.href} aria-current={i.active ? "page" : undefined}>
                          {i.label}
                        </Link>
                      </DropdownMenuItem>
                    ))}
                  </>
                ) : null}
                <DropdownMenuSeparator />
                <DropdownMenuItem asChild>
                  <Link href={reference.href}>API reference</Link>
                </DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
          </>
        ) : null}
        <div className="ml-auto flex items-center gap-3">
          <span className="hidden max-w-40 truncate text-sm text-zinc-600 sm:inline xl:hidden 2xl:inline" data-testid="user-name">
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

/** A row entry that opens a menu of pages, marked active when one of them is. */
function NavMenu({ label, items }: { label: string; items: NavItem[] }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger className={cn(linkClass(items.some((i) => i.active)), "inline-flex items-center gap-1")}>
        {label}
        <ChevronDown className="size-3.5" aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        {items.map((i) => (
          <DropdownMenuItem key={i.href} asChild>
            <Link href={i.href} aria-current={i.active ? "page" : undefined}>
              {i.label}
            </Link>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
