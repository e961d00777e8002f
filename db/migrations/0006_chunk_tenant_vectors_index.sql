-- Retrieval scans a tenant's vectors exactly (bench/README.md: filtered HNSW missed ~40% of the true
-- neighbours at 10% selectivity). This covering index holds everything that scan reads, so it is an
-- index-only scan over one contiguous range (~0.8 kB per chunk) instead of a heap and TOAST walk.
-- drizzle cannot declare INCLUDE columns, hence a custom migration.
CREATE INDEX IF NOT EXISTS "chunks_tenant_vectors_index" ON "chunks" USING btree ("workspace_id", "knowledge_base_id") INCLUDE ("id", "document_id", "version", "embedding_half");
