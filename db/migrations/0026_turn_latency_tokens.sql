ALTER TABLE "turn_traces" ADD COLUMN "latency_ms" real;--> statement-breakpoint
ALTER TABLE "turn_traces" ADD COLUMN "first_text_ms" real;--> statement-breakpoint
ALTER TABLE "turn_traces" ADD COLUMN "input_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "turn_traces" ADD COLUMN "output_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "turn_traces" ADD COLUMN "cost_usd" double precision DEFAULT 0 NOT NULL;