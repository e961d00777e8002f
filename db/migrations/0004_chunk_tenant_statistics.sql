-- The planner otherwise multiplies the selectivities of workspace_id and knowledge_base_id (which are
-- correlated: a knowledge base lives in one workspace), underestimates a tenant's rows about tenfold
-- and sorts every row instead of using the HNSW index.
CREATE STATISTICS IF NOT EXISTS chunks_tenant_stats (dependencies) ON workspace_id, knowledge_base_id FROM chunks;
