import { addDays } from "@/lib/schemas/insights";

export const PRESETS = [7, 14, 30] as const;
export const DEFAULT_PRESET = 7;

/** A local calendar day as yyyy-mm-dd (the conversation list's date filters are local days too). */
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export interface InsightFilters {
  /** A preset length in days ending today, or null for a custom from–to. */
  preset: number | null;
  from: string;
  to: string;
  channel?: string;
  release?: number | "draft";
  journeyId?: string;
}

const isDay = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * The dashboard's filters from its URL: `range` = 7 | 14 | 30 (days ending today, the default 7) or
 * `from`/`to` days for a custom range; `channel`, `release` (a number or "draft"), `journey`.
 */
export function parseInsightFilters(params: URLSearchParams, today: string): InsightFilters {
  const from = params.get("from");
  const to = params.get("to");
  const preset = Number(params.get("range"));
  const release = params.get("release");
  const base = {
    channel: params.get("channel") || undefined,
    release: release === "draft" ? ("draft" as const) : release && /^\d+$/.test(release) ? Number(release) : undefined,
    journeyId: params.get("journey") || undefined,
  };
  if (isDay(from) && isDay(to) && !params.get("range")) return { preset: null, from, to, ...base };
  const days = (PRESETS as readonly number[]).includes(preset) ? preset : DEFAULT_PRESET;
  return { preset: days, from: addDays(today, -(days - 1)), to: today, ...base };
}

/** The conversation list's URL for these filters plus one more (a status, a channel, a day…). */
export function conversationsHref(agentPath: string, f: Pick<InsightFilters, "from" | "to" | "channel" | "release" | "journeyId">, more: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  const set = (k: string, v: string | number | undefined | null) => {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  };
  set("from", f.from);
  set("to", f.to);
  set("channel", f.channel);
  set("release", f.release);
  set("journey", f.journeyId);
  for (const [k, v] of Object.entries(more)) set(k, v);
  return `${agentPath}/conversations?${params}`;
}

/** The CSV download of one dashboard table with these filters (app/api/insights/csv). */
export function csvHref(workspace: string, agentId: string, timeZone: string, f: Pick<InsightFilters, "from" | "to" | "channel" | "release" | "journeyId">, table: string, more: Record<string, string> = {}): string {
  const params = new URLSearchParams({ workspace, agentId, table, from: f.from, to: f.to, timeZone, ...more });
  if (f.channel) params.set("channel", f.channel);
  if (f.release !== undefined) params.set("release", String(f.release));
  if (f.journeyId) params.set("journey", f.journeyId);
  return `/api/insights/csv?${params}`;
}

/** Milliseconds for people: "840 ms", "2.3 s". */
export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** US dollars with enough digits to show a fraction of a cent. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return "—";
  return usd === 0 ? "$0" : usd < 0.01 ? `$${usd.toFixed(5)}` : `$${usd.toFixed(2)}`;
}
