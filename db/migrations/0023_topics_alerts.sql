CREATE TABLE "conversation_topics" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	"similarity" real NOT NULL,
	CONSTRAINT "conversation_topics_conversation_id_pk" PRIMARY KEY("conversation_id")
);
--> statement-breakpoint
CREATE TABLE "topic_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"conversations" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"labelled_by" text NOT NULL,
	"silhouette" real,
	"duration_ms" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topic_runs_agentId_unique" UNIQUE("agent_id"),
	CONSTRAINT "topic_runs_id_workspaceId_unique" UNIQUE("id","workspace_id")
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"terms" jsonb NOT NULL,
	"examples" jsonb NOT NULL,
	"centroid" jsonb NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topics_id_workspaceId_unique" UNIQUE("id","workspace_id")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"journey_id" uuid,
	"journey_name" text,
	"metric" text NOT NULL,
	"day" date NOT NULL,
	"value" real NOT NULL,
	"expected" real NOT NULL,
	"scale" real NOT NULL,
	"score" real NOT NULL,
	"threshold" real NOT NULL,
	"volume" integer NOT NULL,
	"baseline_days" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"delivery_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerts_agentId_metric_journeyId_day_unique" UNIQUE NULLS NOT DISTINCT("agent_id","metric","journey_id","day")
);
--> statement-breakpoint
ALTER TABLE "conversation_topics" ADD CONSTRAINT "conversation_topics_conversation_id_workspace_id_conversations_id_workspace_id_fk" FOREIGN KEY ("conversation_id","workspace_id") REFERENCES "public"."conversations"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_topics" ADD CONSTRAINT "conversation_topics_topic_id_workspace_id_topics_id_workspace_id_fk" FOREIGN KEY ("topic_id","workspace_id") REFERENCES "public"."topics"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_runs" ADD CONSTRAINT "topic_runs_agent_id_workspace_id_agents_id_workspace_id_fk" FOREIGN KEY ("agent_id","workspace_id") REFERENCES "public"."agents"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_run_id_workspace_id_topic_runs_id_workspace_id_fk" FOREIGN KEY ("run_id","workspace_id") REFERENCES "public"."topic_runs"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_agent_id_workspace_id_agents_id_workspace_id_fk" FOREIGN KEY ("agent_id","workspace_id") REFERENCES "public"."agents"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_agent_id_workspace_id_agents_id_workspace_id_fk" FOREIGN KEY ("agent_id","workspace_id") REFERENCES "public"."agents"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_topics_topic_id_index" ON "conversation_topics" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "topic_runs_workspace_id_index" ON "topic_runs" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "topics_workspace_id_agent_id_position_index" ON "topics" USING btree ("workspace_id","agent_id","position");--> statement-breakpoint
CREATE INDEX "alerts_workspace_id_agent_id_status_day_index" ON "alerts" USING btree ("workspace_id","agent_id","status","day");--> statement-breakpoint
SELECT pgboss.create_queue('insights.topics', '{"policy":"singleton","retryLimit":1,"retryDelay":300,"retryBackoff":false,"expireInSeconds":1800}');--> statement-breakpoint
SELECT pgboss.create_queue('insights.anomalies', '{"policy":"singleton","retryLimit":1,"retryDelay":300,"retryBackoff":false,"expireInSeconds":900}');
