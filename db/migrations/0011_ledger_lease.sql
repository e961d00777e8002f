ALTER TABLE "tool_executions" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tool_executions" ADD COLUMN "attempts" integer DEFAULT 1 NOT NULL;