import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { releases } from "@/db/schema";
import type { AgentConfig } from "@/server/agent/config/agent-config";
import { notFound } from "@/server/errors";
import { configFromSnapshot, releaseSnapshotSchema, type ReleaseSnapshot } from "./snapshot";

// Releases never change, so a parsed snapshot can be kept for as long as the process lives (bounded).
const cache = new Map<string, { number: number; snapshot: ReleaseSnapshot; config: AgentConfig }>();
const MAX_CACHED = 500;

/** A release of the workspace with its validated snapshot and the runtime config built from it. */
export async function loadRelease(db: Db | Tx, input: { workspaceId: string; releaseId: string }) {
  const key = `${input.workspaceId}:${input.releaseId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const [row] = await db
    .select({ id: releases.id, number: releases.number, snapshot: releases.snapshot })
    .from(releases)
    .where(and(eq(releases.id, input.releaseId), eq(releases.workspaceId, input.workspaceId)))
    .limit(1);
  if (!row) throw notFound("Release");
  const snapshot = releaseSnapshotSchema.parse(row.snapshot);
  const loaded = { number: row.number, snapshot, config: configFromSnapshot(snapshot, { releaseId: row.id, workspaceId: input.workspaceId }) };
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, loaded);
  return loaded;
}

/** The release with this number of the agent. */
export async function releaseIdByNumber(db: Db | Tx, input: { workspaceId: string; agentId: string; number: number }): Promise<string> {
  const [row] = await db
    .select({ id: releases.id })
    .from(releases)
    .where(and(eq(releases.workspaceId, input.workspaceId), eq(releases.agentId, input.agentId), eq(releases.number, input.number)))
    .limit(1);
  if (!row) throw notFound(`Release ${input.number}`);
  return row.id;
}
