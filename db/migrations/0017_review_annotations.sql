-- Annotations name a message with its conversation and workspace (db/schema/review.ts): that triple needs
-- a unique key on messages before any foreign key can point at it.
ALTER TABLE "messages" ADD CONSTRAINT "messages_id_conversationId_workspaceId_unique" UNIQUE("id","conversation_id","workspace_id");--> statement-breakpoint
CREATE TABLE "conversation_tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"message_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_tags_tagId_conversationId_messageId_unique" UNIQUE NULLS NOT DISTINCT("tag_id","conversation_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "message_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"expected_journey_id" uuid,
	"expected_tool_call" text,
	"expected_decision" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"colour" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tags_id_workspaceId_unique" UNIQUE("id","workspace_id")
);
--> statement-breakpoint
ALTER TABLE "conversation_notes" ADD COLUMN "message_id" uuid;--> statement-breakpoint
ALTER TABLE "conversation_notes" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED;--> statement-breakpoint
ALTER TABLE "conversation_notes" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversation_tags" ADD CONSTRAINT "conversation_tags_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_tags" ADD CONSTRAINT "conversation_tags_tag_id_workspace_id_tags_id_workspace_id_fk" FOREIGN KEY ("tag_id","workspace_id") REFERENCES "public"."tags"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_tags" ADD CONSTRAINT "conversation_tags_conversation_id_workspace_id_conversations_id_workspace_id_fk" FOREIGN KEY ("conversation_id","workspace_id") REFERENCES "public"."conversations"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_tags" ADD CONSTRAINT "conversation_tags_message_id_conversation_id_workspace_id_messages_id_conversation_id_workspace_id_fk" FOREIGN KEY ("message_id","conversation_id","workspace_id") REFERENCES "public"."messages"("id","conversation_id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_corrections" ADD CONSTRAINT "message_corrections_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_corrections" ADD CONSTRAINT "message_corrections_expected_journey_id_journeys_id_fk" FOREIGN KEY ("expected_journey_id") REFERENCES "public"."journeys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_corrections" ADD CONSTRAINT "message_corrections_message_id_conversation_id_workspace_id_messages_id_conversation_id_workspace_id_fk" FOREIGN KEY ("message_id","conversation_id","workspace_id") REFERENCES "public"."messages"("id","conversation_id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_tags_conversation_id_index" ON "conversation_tags" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "conversation_tags_workspace_id_index" ON "conversation_tags" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "message_corrections_conversation_id_created_at_index" ON "message_corrections" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "message_corrections_workspace_id_index" ON "message_corrections" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tags_workspace_id_lower_name_index" ON "tags" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
ALTER TABLE "conversation_notes" ADD CONSTRAINT "conversation_notes_message_id_conversation_id_workspace_id_messages_id_conversation_id_workspace_id_fk" FOREIGN KEY ("message_id","conversation_id","workspace_id") REFERENCES "public"."messages"("id","conversation_id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_notes_search_index" ON "conversation_notes" USING gin ("search");