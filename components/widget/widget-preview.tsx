import { MessageCircle } from "lucide-react";
import type { WidgetTheme } from "@/server/services/widget/theme";

/** What visitors will see, drawn from the same theme widget.js reads (a static mock, no conversation). */
export function WidgetPreview({ theme, agentName, greeting }: { theme: WidgetTheme; agentName: string; greeting: string }) {
  const side = theme.position === "left" ? "left-4" : "right-4";
  return (
    <div className="relative h-[420px] overflow-hidden rounded-card border border-zinc-200 bg-zinc-50" data-testid="widget-preview">
      <p className="p-4 text-xs text-zinc-500">your-site.com</p>
      <div className={`absolute bottom-20 ${side} flex w-72 flex-col overflow-hidden rounded-xl bg-white shadow-xl ring-1 ring-zinc-200`}>
        <div className="flex items-center gap-2 px-3 py-2.5 text-white" style={{ background: theme.color }}>
          {theme.avatarUrl ? (
            // A brand's own avatar URL: next/image would need every host configured.
            // eslint-disable-next-line @next/next/no-img-element
            <img src={theme.avatarUrl} alt="" className="size-7 rounded-full bg-white/20 object-cover" />
          ) : (
            <span className="flex size-7 items-center justify-center rounded-full bg-white/20 text-xs font-semibold">{agentName.slice(0, 1)}</span>
          )}
          <span className="text-sm font-semibold">{theme.title}</span>
        </div>
        <div className="space-y-2 p-3 text-sm">
          <p className="w-fit max-w-[85%] rounded-lg bg-zinc-100 px-3 py-2">{greeting}</p>
          {theme.starterPrompts.length ? (
            <div className="flex flex-wrap gap-1.5">
              {theme.starterPrompts.map((p) => (
                <span key={p} className="rounded-full border px-2.5 py-1 text-xs" style={{ borderColor: theme.color, color: theme.color }}>
                  {p}
                </span>
              ))}
            </div>
          ) : null}
        </div>
        <div className="border-t border-zinc-100 p-2 text-xs text-zinc-500">Type a message…</div>
      </div>
      <span className={`absolute bottom-4 ${side} flex size-12 items-center justify-center rounded-full text-white shadow-lg`} style={{ background: theme.color }}>
        <MessageCircle className="size-5" />
      </span>
    </div>
  );
}
