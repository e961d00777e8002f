DROP INDEX "conversations_workspace_id_agent_id_created_at_index";--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "journey_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED;--> statement-breakpoint
CREATE INDEX "conversations_workspace_id_agent_id_created_at_id_index" ON "conversations" USING btree ("workspace_id","agent_id","created_at","id");--> statement-breakpoint
CREATE INDEX "conversations_agent_id_status_created_at_index" ON "conversations" USING btree ("agent_id","status","created_at");--> statement-breakpoint
CREATE INDEX "conversations_agent_id_channel_created_at_index" ON "conversations" USING btree ("agent_id","channel","created_at");--> statement-breakpoint
CREATE INDEX "messages_search_index" ON "messages" USING gin ("search");