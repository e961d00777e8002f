import "server-only";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";
import { demo } from "@/db/seed/demo";
import { agentExportFormats, type AgentExportFormat, MAX_AGENT_EXPORT_BYTES } from "@/lib/schemas/agent-export";
import { invalid, notFound } from "@/server/errors";
import { exportAgent } from "@/server/services/agents/export-agent";
import { importAgent } from "@/server/services/agents/import-agent";
import type { WorkspaceCtx } from "@/server/services/context";

/**
 * The workspace a command acts on. The CLI has shell access to the database, so it acts as no signed-in
 * user: the audit rows it writes have no actor (as `apikey create`'s and `release publish`'s do).
 */
async function workspaceCtx(db: Db, slug: string): Promise<WorkspaceCtx> {
  const [workspace] = await db.select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name }).from(workspaces).where(eq(workspaces.slug, slug)).limit(1);
  if (!workspace) throw notFound(`Workspace ${slug}`);
  return { db, userId: null as unknown as string, workspace, role: "owner" };
}

/** `agent export`: the document on stdout, or written to `out` (then a line saying where). */
export async function exportAgentFromCli(db: Db, input: { agentSlug: string; workspaceSlug?: string; format?: string; out?: string }): Promise<string> {
  const format = (input.format ?? "json") as AgentExportFormat;
  if (!agentExportFormats.includes(format)) throw invalid(`--format must be json or yaml, not "${input.format}"`);
  const ctx = await workspaceCtx(db, input.workspaceSlug ?? demo.workspaceSlug);
  const file = await exportAgent(ctx, { agent: input.agentSlug, format });
  if (!input.out) return file.content.trimEnd();
  writeFileSync(input.out, file.content);
  return `Exported ${input.agentSlug} to ${input.out}.`;
}

/** `agent import`: a new agent in the workspace, and what to do before it can run. */
export async function importAgentFromCli(db: Db, input: { workspaceSlug: string; file: string; name?: string; slug?: string }): Promise<string> {
  if (!existsSync(input.file)) throw invalid(`--file ${input.file}: no such file`);
  const size = statSync(input.file).size;
  if (size > MAX_AGENT_EXPORT_BYTES) throw invalid(`${input.file} is ${(size / 1024 / 1024).toFixed(1)} MB; an agent export is at most ${MAX_AGENT_EXPORT_BYTES / 1024 / 1024} MB`);
  const ctx = await workspaceCtx(db, input.workspaceSlug);
  const { agent, warnings } = await importAgent(ctx, { content: readFileSync(input.file, "utf8"), name: input.name, slug: input.slug });
  const lines = [`Imported ${agent.name} as /${ctx.workspace.slug}/agents/${agent.slug}.`];
  if (warnings.secrets.length) lines.push(`Set these secrets in ${ctx.workspace.slug} (Settings → Secrets) before its tools can run: ${warnings.secrets.join(", ")}`);
  if (warnings.knowledgeBases.length) lines.push(`Not linked, ${ctx.workspace.slug} has no knowledge base named: ${warnings.knowledgeBases.join(", ")}`);
  return lines.join("\n");
}
