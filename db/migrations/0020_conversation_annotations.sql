CREATE TABLE "conversation_annotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"sentiment" real NOT NULL,
	"sentiment_label" text NOT NULL,
	"topic" text NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ungrounded" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rationales" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"judge" text NOT NULL,
	"annotated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_annotations_conversationId_unique" UNIQUE("conversation_id")
);
--> statement-breakpoint
ALTER TABLE "conversation_annotations" ADD CONSTRAINT "conversation_annotations_conversation_id_workspace_id_conversations_id_workspace_id_fk" FOREIGN KEY ("conversation_id","workspace_id") REFERENCES "public"."conversations"("id","workspace_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_annotations_workspace_id_sentiment_label_index" ON "conversation_annotations" USING btree ("workspace_id","sentiment_label");--> statement-breakpoint
CREATE INDEX "conversation_annotations_workspace_id_outcome_index" ON "conversation_annotations" USING btree ("workspace_id","outcome");--> statement-breakpoint
SELECT pgboss.create_queue('review.process-ended', '{"policy":"singleton","retryLimit":0,"retryDelay":0,"retryBackoff":false,"expireInSeconds":300}');
