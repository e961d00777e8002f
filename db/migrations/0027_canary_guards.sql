CREATE TABLE "canary_guards" (
	"agent_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"auto_rollback" boolean DEFAULT false NOT NULL,
	"metrics" jsonb DEFAULT '["escalation","denial","csat"]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "canary_guards" ADD CONSTRAINT "canary_guards_agent_id_workspace_id_agents_id_workspace_id_fk" FOREIGN KEY ("agent_id","workspace_id") REFERENCES "public"."agents"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
SELECT pgboss.create_queue('experiments.canary-guard', '{"policy":"singleton","retryLimit":0,"retryDelay":0,"retryBackoff":false,"expireInSeconds":300}');
