CREATE TABLE "erased_conversation_stats" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"release_id" uuid,
	"release_number" integer,
	"journey_id" uuid,
	"handed_off" boolean NOT NULL,
	"csat" integer,
	"turns" integer NOT NULL,
	"handoff_reason" text,
	"conversations" integer NOT NULL,
	CONSTRAINT "erased_conversation_stats_group_unique" UNIQUE NULLS NOT DISTINCT("workspace_id","agent_id","bucket_start","channel","status","release_id","release_number","journey_id","handed_off","csat","turns","handoff_reason")
);
--> statement-breakpoint
CREATE TABLE "erased_trace_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"release_number" integer,
	"journey_id" uuid,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"decision" text,
	"rule_id" text,
	"steps" integer NOT NULL,
	CONSTRAINT "erased_trace_steps_group_unique" UNIQUE NULLS NOT DISTINCT("workspace_id","agent_id","bucket_start","channel","release_number","journey_id","type","name","decision","rule_id")
);
--> statement-breakpoint
ALTER TABLE "erased_conversation_stats" ADD CONSTRAINT "erased_conversation_stats_agent_id_workspace_id_agents_id_workspace_id_fk" FOREIGN KEY ("agent_id","workspace_id") REFERENCES "public"."agents"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erased_trace_steps" ADD CONSTRAINT "erased_trace_steps_agent_id_workspace_id_agents_id_workspace_id_fk" FOREIGN KEY ("agent_id","workspace_id") REFERENCES "public"."agents"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "erased_conversation_stats_agent_id_bucket_start_index" ON "erased_conversation_stats" USING btree ("agent_id","bucket_start");--> statement-breakpoint
CREATE INDEX "erased_trace_steps_agent_id_bucket_start_index" ON "erased_trace_steps" USING btree ("agent_id","bucket_start");--> statement-breakpoint
SELECT pgboss.create_queue('privacy.retention', '{"policy":"singleton","retryLimit":0,"retryDelay":0,"retryBackoff":false,"expireInSeconds":3600}');
