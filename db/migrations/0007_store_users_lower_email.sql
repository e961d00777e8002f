DROP INDEX "store_users_store_id_email_index";--> statement-breakpoint
CREATE INDEX "store_users_store_id_lower_email_index" ON "store_users" USING btree ("store_id",lower("email"));