-- An erased (or deleted) conversation leaves no row naming it in the rollup queue: its queue row is
-- replaced by one for its bucket (a marker id derived from the agent and the hour, never a conversation's),
-- and its traces' cascading delete queues nothing.
CREATE OR REPLACE FUNCTION "insights_queue_conversations"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM insights_pending WHERE conversation_id IN (SELECT id FROM old_rows);
    INSERT INTO insights_pending (conversation_id, workspace_id, agent_id, started_at)
      SELECT DISTINCT md5('insights-bucket:' || agent_id::text || ':' || date_trunc('hour', created_at, 'UTC')::text)::uuid,
        workspace_id, agent_id, date_trunc('hour', created_at, 'UTC')
      FROM old_rows
      ON CONFLICT (conversation_id) DO NOTHING;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO insights_pending (conversation_id, workspace_id, agent_id, started_at)
      SELECT id, workspace_id, agent_id, created_at FROM new_rows
      ON CONFLICT (conversation_id) DO UPDATE SET agent_id = excluded.agent_id, started_at = excluded.started_at;
  ELSE
    INSERT INTO insights_pending (conversation_id, workspace_id, agent_id, started_at)
      SELECT n.id, n.workspace_id, n.agent_id, n.created_at FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (o.status, o.csat, o.turns, o.handed_off_at, o.handoff->>'reason', o.journey_id, o.release_id, o.release_number, o.channel, o.ended_at, o.agent_id, o.created_at)
        IS DISTINCT FROM (n.status, n.csat, n.turns, n.handed_off_at, n.handoff->>'reason', n.journey_id, n.release_id, n.release_number, n.channel, n.ended_at, n.agent_id, n.created_at)
      ON CONFLICT (conversation_id) DO UPDATE SET agent_id = excluded.agent_id, started_at = excluded.started_at;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "insights_queue_traces"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO insights_pending (conversation_id, workspace_id)
      SELECT DISTINCT o.conversation_id, o.workspace_id FROM old_rows o
      WHERE EXISTS (SELECT 1 FROM conversations c WHERE c.id = o.conversation_id)
      ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO insights_pending (conversation_id, workspace_id) SELECT DISTINCT conversation_id, workspace_id FROM new_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
