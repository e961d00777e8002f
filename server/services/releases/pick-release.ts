import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { conflict } from "@/server/errors";
import { readDeployment } from "./deployment";
import { releaseIdByNumber } from "./load-release";

/** 0..99, stable for a customer id: the same customer always lands on the same side of a canary. */
export function canaryBucket(customerId: string): number {
  return createHash("sha256").update(customerId).digest().readUInt32BE(0) % 100;
}

/**
 * The release that serves a new conversation: the pinned number when given; otherwise the canary for
 * customers whose bucket falls under its share (customers without an id are split at random), else live.
 */
export async function pickRelease(
  db: Db,
  input: { workspaceId: string; agentId: string; pinned?: number; customerId?: string; random?: () => number },
): Promise<string> {
  if (input.pinned !== undefined) return releaseIdByNumber(db, { ...input, number: input.pinned });
  const deployment = await readDeployment(db, input);
  if (!deployment?.liveReleaseId) throw conflict("This agent has no published release yet: publish it in the studio (Releases) first");
  if (deployment.canaryReleaseId && deployment.canaryPercent > 0) {
    const bucket = input.customerId ? canaryBucket(input.customerId) : Math.floor((input.random ?? Math.random)() * 100);
    if (bucket < deployment.canaryPercent) return deployment.canaryReleaseId;
  }
  return deployment.liveReleaseId;
}
