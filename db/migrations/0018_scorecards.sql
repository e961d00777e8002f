-- Scorecards (db/schema/scorecards.ts): a workspace's criteria and, per conversation and criterion, the current
-- human score and the current AI score. Both name their parents with the workspace, so no score crosses a tenant.
CREATE TABLE "conversation_scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"points" real,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"rationale" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_scores_conversationId_criterionId_kind_unique" UNIQUE("conversation_id","criterion_id","kind")
);
--> statement-breakpoint
CREATE TABLE "score_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"ai_rubric" text DEFAULT '' NOT NULL,
	"scale" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scorer" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "score_criteria_id_workspaceId_unique" UNIQUE("id","workspace_id")
);
--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD CONSTRAINT "conversation_scores_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD CONSTRAINT "conversation_scores_conversation_id_workspace_id_conversations_id_workspace_id_fk" FOREIGN KEY ("conversation_id","workspace_id") REFERENCES "public"."conversations"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD CONSTRAINT "conversation_scores_criterion_id_workspace_id_score_criteria_id_workspace_id_fk" FOREIGN KEY ("criterion_id","workspace_id") REFERENCES "public"."score_criteria"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_criteria" ADD CONSTRAINT "score_criteria_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_criteria" ADD CONSTRAINT "score_criteria_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_scores_criterion_id_kind_points_index" ON "conversation_scores" USING btree ("criterion_id","kind","points");--> statement-breakpoint
CREATE INDEX "conversation_scores_workspace_id_index" ON "conversation_scores" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "score_criteria_workspace_id_lower_name_index" ON "score_criteria" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "score_criteria_workspace_id_position_index" ON "score_criteria" USING btree ("workspace_id","position");