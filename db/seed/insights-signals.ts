import "server-only";
import type { Db } from "@/db/client";
import { BASELINE_DAYS, DEFAULT_THRESHOLD } from "@/server/services/alerts/baseline";
import { checkAnomalies } from "@/server/services/alerts/check-anomalies";
import { DEFAULT_MIN_VOLUME } from "@/server/services/alerts/run-anomalies-job";
import { recomputeTopics } from "@/server/services/topics/recompute-topics";

/**
 * The demo's topics and alerts over its simulated history, as the nightly jobs compute them: the topics
 * job, then the anomaly check over the whole baseline period (the daily job checks its last three days;
 * a fresh install has thirty days nobody checked yet). Whatever fires arises from what was simulated —
 * the busy day's wave of help-centre questions (db/seed/history.ts) among it. Returns what it did, for
 * the seed's log and its test.
 */
export async function seedDemoSignals(db: Db, input: { workspaceId: string; agentId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const topics = await recomputeTopics(db, { workspaceId: input.workspaceId, agentId: input.agentId, now });
  const alerts = await checkAnomalies(db, { workspaceId: input.workspaceId, agentId: input.agentId, days: BASELINE_DAYS, threshold: DEFAULT_THRESHOLD, minVolume: DEFAULT_MIN_VOLUME, now });
  return { topics: topics.topics, alerts: alerts.created.length };
}
