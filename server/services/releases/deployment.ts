import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { agentDeployments, agents } from "@/db/schema";
import { notFound } from "@/server/errors";

/**
 * The agent's deployment pointers, locked for the rest of the transaction: publishes, rollbacks and
 * canary changes of one agent happen one at a time (on PGlite, a transaction is already exclusive).
 */
export async function lockDeployment(tx: Tx, input: { workspaceId: string; agentId: string }) {
  const [agent] = await tx
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.id, input.agentId), eq(agents.workspaceId, input.workspaceId)))
    .limit(1);
  if (!agent) throw notFound("Agent");
  await tx.insert(agentDeployments).values({ agentId: input.agentId, workspaceId: input.workspaceId }).onConflictDoNothing();
  const [row] = await tx.select().from(agentDeployments).where(eq(agentDeployments.agentId, input.agentId)).for("update");
  return row!;
}

export async function readDeployment(db: Db | Tx, input: { workspaceId: string; agentId: string }) {
  const [row] = await db
    .select()
    .from(agentDeployments)
    .where(and(eq(agentDeployments.agentId, input.agentId), eq(agentDeployments.workspaceId, input.workspaceId)))
    .limit(1);
  return row ?? null;
}

export async function updateDeployment(
  tx: Tx,
  agentId: string,
  set: { liveReleaseId?: string | null; canaryReleaseId?: string | null; canaryPercent?: number },
) {
  await tx.update(agentDeployments).set({ ...set, updatedAt: sql`now()` }).where(eq(agentDeployments.agentId, agentId));
}
