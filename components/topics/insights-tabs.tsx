"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** Insights' sections: the dashboard, topics and alerts, as links (each is its own page and URL). */
export function InsightsTabs({ workspace, agent }: { workspace: string; agent: string }) {
  const pathname = usePathname();
  const base = `/${workspace}/agents/${agent}/insights`;
  const tabs = [
    { href: base, label: "Dashboard" },
    { href: `${base}/topics`, label: "Topics" },
    { href: `${base}/alerts`, label: "Alerts" },
  ];
  return (
    <nav aria-label="Insights" className="inline-flex w-fit items-center gap-1 rounded-md bg-zinc-100 p-1">
      {tabs.map((t) => {
        const current = pathname === t.href;
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={current ? "page" : undefined}
            className={cn("rounded px-3 py-1 text-sm font-medium text-zinc-600 hover:text-zinc-900", current && "bg-white text-zinc-900 shadow-sm")}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
