"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, BarChart3, BookOpen, FlaskConical, LayoutDashboard, ListChecks, MessageSquareCode, MessagesSquare, Rocket, Scale, ShieldCheck, Smile, Split, Workflow, Wrench } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { useTRPC } from "@/lib/trpc/client";

/** The agent's areas. Only areas that exist are listed. */
export function AgentNav({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  const base = `/${workspace}/agents/${agent}`;
  const areas = [
    { href: base, label: "Overview", icon: LayoutDashboard },
    { href: `${base}/journeys`, label: "Journeys", icon: Workflow },
    { href: `${base}/knowledge`, label: "Knowledge", icon: BookOpen },
    { href: `${base}/policies`, label: "Policies", icon: Scale },
    { href: `${base}/tools`, label: "Tools", icon: Wrench },
    { href: `${base}/guardrails`, label: "Guardrails", icon: ShieldCheck },
    { href: `${base}/persona`, label: "Persona", icon: Smile },
    { href: `${base}/playground`, label: "Playground", icon: FlaskConical },
    { href: `${base}/evals`, label: "Evals", icon: ListChecks },
    { href: `${base}/conversations`, label: "Conversations", icon: MessagesSquare },
    { href: `${base}/insights`, label: "Insights", icon: BarChart3 },
    { href: `${base}/experiments`, label: "Experiments", icon: Split },
    { href: `${base}/releases`, label: "Releases", icon: Rocket },
    { href: `${base}/widget`, label: "Widget", icon: MessageSquareCode },
  ];

  return (
    <aside className="w-full shrink-0 md:w-52">
      <Link href={`/${workspace}`} className="mb-4 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="size-4" />
        All agents
      </Link>
      <p className="mb-2 truncate px-3 text-sm font-semibold text-zinc-900">{current.data?.name ?? "\u00a0"}</p>
      <nav aria-label="Agent" className="flex flex-col gap-0.5">
        {areas.map(({ href, label, icon: Icon }) => (
          <Link
            key={href}
            href={href}
            aria-current={isCurrent(pathname, href, base) ? "page" : undefined}
            className={cn(
              "flex items-center gap-2 rounded-md px-3 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100",
              isCurrent(pathname, href, base) && "bg-white font-medium text-zinc-900 shadow-sm ring-1 ring-zinc-200",
            )}
          >
            <Icon className="size-4" />
            {label}
          </Link>
        ))}
      </nav>
    </aside>
  );
}

// Sub-pages (a transcript under Conversations) keep their area highlighted.
function isCurrent(pathname: string, href: string, base: string) {
  return href === base ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
}
