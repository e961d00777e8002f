CREATE TABLE "conversation_facts" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"release_id" uuid,
	"release_number" integer,
	"journey_id" uuid,
	"handed_off" boolean NOT NULL,
	"handoff_reason" text,
	"csat" integer,
	"turns" integer NOT NULL,
	"tool_calls" integer NOT NULL,
	"tool_errors" integer NOT NULL,
	"guardrail_blocks" integer NOT NULL,
	"injection_flags" integer NOT NULL,
	"knowledge_searches" integer NOT NULL,
	"knowledge_not_grounded" integer NOT NULL,
	"policy" jsonb NOT NULL,
	"turn_latencies" real[] NOT NULL,
	"first_reply_ms" real,
	"first_text_ms" real[] NOT NULL,
	"traced_turns" integer NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_usd" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insights_pending" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid,
	"started_at" timestamp with time zone,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insights_rollups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"release_number" integer,
	"journey_id" uuid,
	"conversations" integer NOT NULL,
	"resolved" integer NOT NULL,
	"contained" integer NOT NULL,
	"escalated" integer NOT NULL,
	"abandoned" integer NOT NULL,
	"open" integer NOT NULL,
	"handed_off" integer NOT NULL,
	"csat_count" integer NOT NULL,
	"csat_sum" bigint NOT NULL,
	"turns" integer[] NOT NULL,
	"tool_calls" integer NOT NULL,
	"tool_errors" integer NOT NULL,
	"guardrail_blocks" integer NOT NULL,
	"injection_flags" integer NOT NULL,
	"knowledge_searches" integer NOT NULL,
	"knowledge_not_grounded" integer NOT NULL,
	"policy" jsonb NOT NULL,
	"escalation_reasons" jsonb NOT NULL,
	"turn_latencies" real[] NOT NULL,
	"first_reply_ms" real[] NOT NULL,
	"first_text_ms" real[] NOT NULL,
	"traced_turns" integer NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_usd" double precision NOT NULL,
	CONSTRAINT "insights_rollups_bucket_unique" UNIQUE NULLS NOT DISTINCT("workspace_id","agent_id","grain","bucket_start","channel","release_number","journey_id")
);
--> statement-breakpoint
ALTER TABLE "conversation_facts" ADD CONSTRAINT "conversation_facts_conversation_id_workspace_id_conversations_id_workspace_id_fk" FOREIGN KEY ("conversation_id","workspace_id") REFERENCES "public"."conversations"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_facts" ADD CONSTRAINT "conversation_facts_agent_id_workspace_id_agents_id_workspace_id_fk" FOREIGN KEY ("agent_id","workspace_id") REFERENCES "public"."agents"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insights_rollups" ADD CONSTRAINT "insights_rollups_agent_id_workspace_id_agents_id_workspace_id_fk" FOREIGN KEY ("agent_id","workspace_id") REFERENCES "public"."agents"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_facts_workspace_id_agent_id_started_at_index" ON "conversation_facts" USING btree ("workspace_id","agent_id","started_at");--> statement-breakpoint
CREATE INDEX "insights_rollups_workspace_id_agent_id_grain_bucket_start_index" ON "insights_rollups" USING btree ("workspace_id","agent_id","grain","bucket_start");--> statement-breakpoint
-- Merging rollup rows: counters keyed by text (summed per key) and arrays (concatenated).
CREATE FUNCTION "insights_jsonb_add"(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(k, n), '{}'::jsonb) FROM (
    SELECT k, sum(v::bigint) AS n FROM (
      SELECT * FROM jsonb_each_text(coalesce(a, '{}'::jsonb)) UNION ALL SELECT * FROM jsonb_each_text(coalesce(b, '{}'::jsonb))
    ) e(k, v) GROUP BY k
  ) s
$$;--> statement-breakpoint
CREATE AGGREGATE "insights_jsonb_sum"(jsonb) (SFUNC = "insights_jsonb_add", STYPE = jsonb, INITCOND = '{}');--> statement-breakpoint
CREATE AGGREGATE "insights_array_cat"(anycompatiblearray) (SFUNC = array_cat, STYPE = anycompatiblearray);--> statement-breakpoint
-- Every change insights read queues the conversation for its facts to be recomputed (statement-level, so
-- a bulk insert queues in one statement). Updates queue only when a column insights read changed.
CREATE FUNCTION "insights_queue_conversations"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO insights_pending (conversation_id, workspace_id, agent_id, started_at)
      SELECT id, workspace_id, agent_id, created_at FROM old_rows
      ON CONFLICT (conversation_id) DO UPDATE SET agent_id = excluded.agent_id, started_at = excluded.started_at;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO insights_pending (conversation_id, workspace_id, agent_id, started_at)
      SELECT id, workspace_id, agent_id, created_at FROM new_rows
      ON CONFLICT (conversation_id) DO UPDATE SET agent_id = excluded.agent_id, started_at = excluded.started_at;
  ELSE
    INSERT INTO insights_pending (conversation_id, workspace_id, agent_id, started_at)
      SELECT n.id, n.workspace_id, n.agent_id, n.created_at FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (o.status, o.csat, o.turns, o.handed_off_at, o.handoff->>'reason', o.journey_id, o.release_id, o.release_number, o.channel, o.ended_at, o.agent_id, o.created_at)
        IS DISTINCT FROM (n.status, n.csat, n.turns, n.handed_off_at, n.handoff->>'reason', n.journey_id, n.release_id, n.release_number, n.channel, n.ended_at, n.agent_id, n.created_at)
      ON CONFLICT (conversation_id) DO UPDATE SET agent_id = excluded.agent_id, started_at = excluded.started_at;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "insights_queue_traces"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO insights_pending (conversation_id, workspace_id) SELECT DISTINCT conversation_id, workspace_id FROM old_rows ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO insights_pending (conversation_id, workspace_id) SELECT DISTINCT conversation_id, workspace_id FROM new_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "insights_conversations_insert" AFTER INSERT ON "conversations" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "insights_queue_conversations"();--> statement-breakpoint
CREATE TRIGGER "insights_conversations_update" AFTER UPDATE ON "conversations" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "insights_queue_conversations"();--> statement-breakpoint
CREATE TRIGGER "insights_conversations_delete" AFTER DELETE ON "conversations" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "insights_queue_conversations"();--> statement-breakpoint
CREATE TRIGGER "insights_traces_insert" AFTER INSERT ON "turn_traces" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "insights_queue_traces"();--> statement-breakpoint
CREATE TRIGGER "insights_traces_update" AFTER UPDATE ON "turn_traces" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "insights_queue_traces"();--> statement-breakpoint
CREATE TRIGGER "insights_traces_delete" AFTER DELETE ON "turn_traces" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "insights_queue_traces"();--> statement-breakpoint
-- Conversations stored before this migration: their facts are computed by the first run of the job.
INSERT INTO insights_pending (conversation_id, workspace_id, agent_id, started_at) SELECT id, workspace_id, agent_id, created_at FROM conversations;--> statement-breakpoint
SELECT pgboss.create_queue('insights.rollup', '{"policy":"singleton","retryLimit":0,"retryDelay":0,"retryBackoff":false,"expireInSeconds":600}');
