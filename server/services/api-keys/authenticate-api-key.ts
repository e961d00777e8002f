import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { sqlRunner } from "@/db/rows";
import { DomainError } from "@/server/errors";
import { hashApiKey } from "./key-format";
import { RateLimitedError, rateLimitWindow } from "./rate-limit";

/** The rate-limit window key of an API key (what checkRateLimit counts extra work against). */
export const apiKeyRateLimitKey = (keyId: string) => `key:${keyId}`;

export interface ApiKeyPrincipal {
  keyId: string;
  workspaceId: string;
  rateLimitPerMinute: number;
}

/**
 * The workspace a bearer key belongs to, with the request counted against the key's rate limit — one
 * statement, as it runs before every API request. Unknown and revoked keys are the same 401.
 */
export async function authenticateApiKey(db: Db, key: string | null, now = new Date()): Promise<ApiKeyPrincipal> {
  if (!key) throw new DomainError("unauthorized", "Send your API key as `Authorization: Bearer sb_live_…`");
  const window = rateLimitWindow(now);
  const [row] = await sqlRunner(db)<{ id: string; workspace_id: string; rate_limit_per_minute: number; count: number }>(sql`
      with k as (
        select id, workspace_id, rate_limit_per_minute from api_keys where hash = ${hashApiKey(key)} and revoked_at is null
      ), used as (
        -- "Last used" to the minute is enough, and saves a write on every request.
        update api_keys set last_used_at = now() from k
        where api_keys.id = k.id and (api_keys.last_used_at is null or api_keys.last_used_at < now() - interval '1 minute')
      ), counted as (
        insert into rate_limit_windows (key, window_start, count) select 'key:' || k.id, ${window.start.toISOString()}::timestamptz, 1 from k
        on conflict (key, window_start) do update set count = rate_limit_windows.count + 1
        returning count
      )
      select k.id, k.workspace_id, k.rate_limit_per_minute, (select count from counted) as count from k`);
  if (!row) throw new DomainError("unauthorized", "This API key is not valid (it may have been revoked)");
  if (row.count > row.rate_limit_per_minute) throw new RateLimitedError(window.retryAfterSeconds);
  return { keyId: row.id, workspaceId: row.workspace_id, rateLimitPerMinute: row.rate_limit_per_minute };
}
