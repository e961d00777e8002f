import type { Db } from "@/db/client";

/** Who calls the hosted API: a workspace API key, or a widget key bound to one agent. */
export interface ApiCtx {
  db: Db;
  /** Base URL the agent's tools resolve `{{appUrl}}` to. */
  appUrl: string;
  workspaceId: string;
  channel: "api" | "widget";
  /** Set for widget keys: the only agent (and conversations) the caller may touch. */
  agentId?: string;
  /** The rate-limit window this caller's requests count in, for work beyond the request itself (replayed turns). */
  rateLimit?: { key: string; limitPerMinute: number };
}
