-- Notify per row with the conversation id, so a listener wakes only the streams of that conversation
-- (Postgres folds identical notifications of one transaction into one).
DROP TRIGGER "conversation_events_notify" ON "conversation_events";--> statement-breakpoint
CREATE OR REPLACE FUNCTION "notify_conversation_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('conversation_events', NEW.conversation_id::text);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "conversation_events_notify" AFTER INSERT ON "conversation_events" FOR EACH ROW EXECUTE FUNCTION "notify_conversation_events"();
