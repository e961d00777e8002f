-- The rollup job merges jsonb counters with one grouped statement (server/services/insights/rollup.ts),
-- much faster than this per-row aggregate: dropped.
DROP AGGREGATE "insights_jsonb_sum"(jsonb);--> statement-breakpoint
DROP FUNCTION "insights_jsonb_add"(jsonb, jsonb);
