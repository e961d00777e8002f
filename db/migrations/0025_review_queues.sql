CREATE TABLE "review_queue_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"queue_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"status" text DEFAULT 'todo' NOT NULL,
	"claimed_by" uuid,
	"claim_expires_at" timestamp with time zone,
	"completed_by" uuid,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_queue_items_queueId_conversationId_unique" UNIQUE("queue_id","conversation_id")
);
--> statement-breakpoint
CREATE TABLE "review_queues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"filter" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rule_kind" text NOT NULL,
	"rule_threshold" real,
	"rate" real DEFAULT 100 NOT NULL,
	"release_number" integer,
	"assignee_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_queues_id_workspaceId_unique" UNIQUE("id","workspace_id")
);
--> statement-breakpoint
ALTER TABLE "review_queue_items" ADD CONSTRAINT "review_queue_items_claimed_by_users_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_queue_items" ADD CONSTRAINT "review_queue_items_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_queue_items" ADD CONSTRAINT "review_queue_items_queue_id_workspace_id_review_queues_id_workspace_id_fk" FOREIGN KEY ("queue_id","workspace_id") REFERENCES "public"."review_queues"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_queue_items" ADD CONSTRAINT "review_queue_items_conversation_id_workspace_id_conversations_id_workspace_id_fk" FOREIGN KEY ("conversation_id","workspace_id") REFERENCES "public"."conversations"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_queues" ADD CONSTRAINT "review_queues_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_queues" ADD CONSTRAINT "review_queues_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_queues" ADD CONSTRAINT "review_queues_agent_id_workspace_id_agents_id_workspace_id_fk" FOREIGN KEY ("agent_id","workspace_id") REFERENCES "public"."agents"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_queue_items_next_index" ON "review_queue_items" USING btree ("queue_id","created_at","id") WHERE status = 'todo';--> statement-breakpoint
CREATE INDEX "review_queue_items_queue_id_status_completed_at_index" ON "review_queue_items" USING btree ("queue_id","status","completed_at");--> statement-breakpoint
CREATE INDEX "review_queue_items_conversation_id_status_index" ON "review_queue_items" USING btree ("conversation_id","status");--> statement-breakpoint
CREATE INDEX "review_queue_items_completed_by_index" ON "review_queue_items" USING btree ("completed_by");--> statement-breakpoint
CREATE INDEX "review_queues_workspace_id_agent_id_index" ON "review_queues" USING btree ("workspace_id","agent_id");