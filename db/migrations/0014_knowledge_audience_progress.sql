ALTER TABLE "documents" ADD COLUMN "chunks_embedded" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "chunks_total" integer;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "audience" text DEFAULT 'customer' NOT NULL;--> statement-breakpoint
-- Documents indexed before these columns existed: their active version's chunks are all embedded.
UPDATE "documents" SET "chunks_total" = n.count, "chunks_embedded" = n.count FROM (SELECT c.document_id, count(*)::int AS count FROM "chunks" c JOIN "documents" d ON d.id = c.document_id AND c.version = d.active_version GROUP BY c.document_id) n WHERE n.document_id = "documents"."id";
