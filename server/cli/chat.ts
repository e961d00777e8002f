import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, workspaces } from "@/db/schema";
import { demo } from "@/db/seed/demo";
import { DomainError, notFound } from "@/server/errors";
import { createConversation } from "@/server/agent/create-conversation";
import { startStoreServer } from "@/server/agent/demo/local-store-server";
import { localModels } from "@/server/agent/models";
import type { Models } from "@/server/agent/models/types";
import { runTurn } from "@/server/agent/run-turn";
import type { TraceEvent } from "@/server/agent/types";
import { secretResolver } from "@/server/services/secrets/secrets";

export interface ChatCliOptions {
  agentSlug: string;
  /** Defaults to the demo workspace. */
  workspaceSlug?: string;
  trace: boolean;
  /** Customer lines: stdin (interactive or piped) or a script. */
  input: AsyncIterable<string>;
  output: { write(text: string): unknown };
  /** Where tools reach the app; without it the store API is served in-process on 127.0.0.1. */
  appUrl?: string;
  models?: Models;
}

const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? "";
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

function formatTrace(e: TraceEvent): string {
  return `  · ${e.type.padEnd(10)} ${e.name}${e.decision ? ` → ${e.decision}` : ""} (${e.durationMs.toFixed(1)} ms)${e.output !== undefined && e.output !== null ? `  ${short(e.output)}` : ""}\n`;
}

/** A conversation with an agent's draft from the terminal; returns the conversation id. */
export async function runChatCli(db: Db, opts: ChatCliOptions): Promise<string> {
  const slug = opts.workspaceSlug ?? demo.workspaceSlug;
  const [workspace] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug)).limit(1);
  if (!workspace) throw new DomainError("not_found", `Workspace ${slug} not found (run \`switchback seed\` for the demo)`);
  const [agent] = await db
    .select({ id: agents.id, persona: agents.persona })
    .from(agents)
    .where(and(eq(agents.workspaceId, workspace.id), eq(agents.slug, opts.agentSlug)))
    .limit(1);
  if (!agent) throw notFound(`Agent ${opts.agentSlug}`);

  const store = opts.appUrl ? null : await startStoreServer(db);
  try {
    const ctx = { db, models: opts.models ?? localModels, appUrl: opts.appUrl ?? store!.appUrl, resolveSecret: secretResolver(db, workspace.id) };
    const conversation = await createConversation(ctx, { workspaceId: workspace.id, agentId: agent.id, channel: "cli" });
    opts.output.write(`${agent.persona.agentName}: ${conversation.greeting}\n`);
    for await (const raw of opts.input) {
      const text = raw.trim();
      if (!text) continue;
      if (text === "/quit" || text === "/exit") break;
      opts.output.write(`${agent.persona.agentName}: `);
      const turn = await runTurn(ctx, { conversationId: conversation.id, text }, { onText: (chunk) => void opts.output.write(chunk) });
      opts.output.write("\n");
      if (opts.trace) for (const e of turn.trace) opts.output.write(formatTrace(e));
      if (turn.escalated && turn.handoff) opts.output.write(`  [handed off] ${short(turn.handoff)}\n`);
    }
    return conversation.id;
  } finally {
    await store?.close();
  }
}
