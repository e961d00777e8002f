import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { releases, users } from "@/db/schema";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { readDeployment } from "./deployment";

export type ReleaseState = "live" | "canary" | "archived";

/** The agent's releases, newest first, with who published them and which pointer (if any) is on them. */
export async function listReleases(ctx: WorkspaceCtx, input: { agentId: string }) {
  const agent = await getAgent(ctx, input.agentId);
  const scope = { workspaceId: ctx.workspace.id, agentId: agent.id };
  const [rows, deployment] = await Promise.all([
    ctx.db
      .select({ id: releases.id, number: releases.number, notes: releases.notes, createdAt: releases.createdAt, authorName: users.name })
      .from(releases)
      .leftJoin(users, eq(users.id, releases.authorId))
      .where(and(eq(releases.workspaceId, scope.workspaceId), eq(releases.agentId, scope.agentId)))
      .orderBy(desc(releases.number)),
    readDeployment(ctx.db, scope),
  ]);
  const stateOf = (id: string): ReleaseState =>
    id === deployment?.liveReleaseId ? "live" : id === deployment?.canaryReleaseId && deployment.canaryPercent > 0 ? "canary" : "archived";
  return {
    releases: rows.map((r) => ({ ...r, state: stateOf(r.id) })),
    canaryPercent: deployment?.canaryReleaseId ? deployment.canaryPercent : 0,
  };
}
