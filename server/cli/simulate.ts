import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";
import { startStoreServer } from "@/server/agent/demo/local-store-server";
import { DomainError } from "@/server/errors";
import { simulateConversations, type SimulationReport } from "@/server/services/simulate/simulate-conversations";

const count = (name: string, value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new DomainError("invalid", `--${name} must be a whole number (not ${value})`);
  return Number(value);
};

/** `switchback simulate`: history for an agent built on the demo store, through its real runtime. */
export async function simulateFromCli(
  db: Db,
  input: { agent: string; workspace: string; conversations?: string; days?: string; release?: string; seed?: string; appUrl?: string },
): Promise<string> {
  const [workspace] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, input.workspace));
  if (!workspace) throw new DomainError("not_found", `Workspace ${input.workspace} not found`);
  // {{appUrl}} is the studio when given, else this process serves the store API itself.
  const store = input.appUrl ? null : await startStoreServer(db);
  try {
    const report = await simulateConversations(db, {
      workspaceId: workspace.id,
      agent: input.agent,
      conversations: count("conversations", input.conversations, 100),
      days: count("days", input.days, 7),
      release: input.release === undefined ? undefined : count("release", input.release, 0),
      seed: count("seed", input.seed, Date.now() % 1_000_000),
      appUrl: input.appUrl ?? store!.appUrl,
    });
    return describeReport(report);
  } finally {
    await store?.close();
  }
}

export function describeReport(r: SimulationReport): string {
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
  return [
    `Simulated ${r.conversations} conversations (${r.turns} customer messages) in ${(r.ms / 1000).toFixed(1)} s.`,
    `  outcomes: ${list(r.byStatus)}`,
    `  channels: ${list(r.byChannel)}`,
    `  customers: ${list(r.byKind)}`,
  ].join("\n");
}
