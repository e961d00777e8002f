import "server-only";
import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { releases } from "@/db/schema";
import { conflict, invalid, notFound } from "@/server/errors";
import { readDeployment } from "@/server/services/releases/deployment";
import { PublishBlockedError, publishRelease } from "@/server/services/releases/publish-release";
import { setLiveRelease } from "@/server/services/releases/set-live-release";
import { type CliTarget, resolveCliTarget } from "./cli-target";

/** Exit code of a publish the gates refused (1 is any other error, 2 a usage error). */
export const BLOCKED_EXIT_CODE = 3;


/** Publishes the agent's draft through the studio's release service and its gates; blocked: the reasons, one a line. */
export async function publishFromCli(db: Db, input: CliTarget & { notes?: string }): Promise<{ exitCode: number; message: string }> {
  const { ctx, agentId } = await resolveCliTarget(db, input);
  try {
    const release = await publishRelease(ctx, { agentId, notes: input.notes ?? "" });
    return { exitCode: 0, message: `Published release ${release.number} of ${input.agentSlug}${release.live ? "; it is live" : ""}.` };
  } catch (error) {
    if (!(error instanceof PublishBlockedError)) throw error;
    const kinds = { journey: "journey", policy_test: "policy test", eval: "eval case" };
    const lines = error.blockers.map((b) => `  ${kinds[b.kind]} "${b.subject}": ${b.message}`);
    return { exitCode: BLOCKED_EXIT_CODE, message: `Publishing ${input.agentSlug} is blocked; fix these in the draft and publish again:\n${lines.join("\n")}` };
  }
}

/** Moves the live pointer back: to release `to`, or to the newest release before the live one. */
export async function rollbackFromCli(db: Db, input: CliTarget & { to?: string }): Promise<{ exitCode: number; message: string }> {
  const { ctx, agentId } = await resolveCliTarget(db, input);
  const scope = and(eq(releases.workspaceId, ctx.workspace.id), eq(releases.agentId, agentId));
  const deployment = await readDeployment(db, { workspaceId: ctx.workspace.id, agentId });
  const [live] = deployment?.liveReleaseId ? await db.select({ number: releases.number }).from(releases).where(eq(releases.id, deployment.liveReleaseId)) : [];
  let target: { id: string; number: number } | undefined;
  if (input.to !== undefined) {
    const number = Number(input.to);
    if (!Number.isInteger(number) || number < 1) throw invalid(`--to must be a release number (1, 2, …), not "${input.to}"`);
    [target] = await db.select({ id: releases.id, number: releases.number }).from(releases).where(and(scope, eq(releases.number, number))).limit(1);
    if (!target) throw notFound(`Release ${number} of ${input.agentSlug}`);
  } else {
    if (!live) throw conflict(`${input.agentSlug} has no live release to roll back from: publish one first`);
    [target] = await db.select({ id: releases.id, number: releases.number }).from(releases).where(and(scope, lt(releases.number, live.number))).orderBy(desc(releases.number)).limit(1);
    if (!target) throw conflict(`Release ${live.number} is the first release of ${input.agentSlug}: there is none before it to roll back to`);
  }
  if (live?.number === target.number) return { exitCode: 0, message: `Release ${target.number} of ${input.agentSlug} is already live; nothing changed.` };
  await setLiveRelease(ctx, { agentId, releaseId: target.id });
  return { exitCode: 0, message: `Release ${target.number} of ${input.agentSlug} is live${live ? ` (was ${live.number})` : ""}. New conversations get it; open ones keep theirs.` };
}
