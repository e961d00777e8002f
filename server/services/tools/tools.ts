import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { policies, tools } from "@/db/schema";
import { type HttpTool, httpToolSchema } from "@/lib/schemas/tool";
import { hasUserinfo } from "@/server/agent/tools/http-tool";
import { conflict, invalid, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { agentRef } from "@/server/services/policies/agent-ref";
import { lookupsProblem } from "./check-lookups";

export const saveToolInput = z.object({
  agent: z.string().min(1).max(64),
  /** The tool's current name when editing (it may be renamed); absent to create. */
  name: z.string().optional(),
  tool: z.record(z.string(), z.unknown()),
  baseRevision: z.int32().positive().optional(),
});

export async function listTools(ctx: WorkspaceCtx, input: { agent: string }) {
  const agent = await agentRef(ctx, input.agent);
  const rows = await ctx.db
    .select()
    .from(tools)
    .where(and(eq(tools.workspaceId, ctx.workspace.id), eq(tools.agentId, agent.id)))
    .orderBy(asc(tools.name));
  return rows.map((t) => ({ id: t.id, name: t.name, revision: t.revision, updatedAt: t.updatedAt, definition: httpToolSchema.parse(t.definition) }));
}

function parseTool(raw: unknown): HttpTool {
  const parsed = httpToolSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(issue ? `${issue.path.join(".") || "tool"}: ${issue.message}` : "The tool is not valid");
  }
  if (hasUserinfo(parsed.data.url)) throw invalid("url: a tool URL cannot name a user (user@host); send credentials in a header with a secret");
  return parsed.data;
}

async function checkPolicy(tx: Tx, workspaceId: string, agentId: string, tool: HttpTool) {
  if (!tool.policyKey) return;
  const [p] = await tx.select({ id: policies.id }).from(policies).where(and(eq(policies.workspaceId, workspaceId), eq(policies.agentId, agentId), eq(policies.key, tool.policyKey)));
  if (!p) throw invalid(`There is no policy ${tool.policyKey} to bind this tool to`);
}

/** The agent's tools by name, as saved. */
async function agentTools(tx: Tx, workspaceId: string, agentId: string): Promise<Map<string, HttpTool>> {
  const rows = await tx.select({ definition: tools.definition }).from(tools).where(and(eq(tools.workspaceId, workspaceId), eq(tools.agentId, agentId)));
  return new Map(rows.map((r) => httpToolSchema.parse(r.definition)).map((t) => [t.name, t]));
}

/** A write's lookups must run as saved (see lookupsProblem), against the agent's tools with this one saved. */
async function checkFactsFrom(tx: Tx, workspaceId: string, agentId: string, tool: HttpTool, replacing?: string) {
  if (!tool.factsFrom?.length) return;
  const byName = await agentTools(tx, workspaceId, agentId);
  if (replacing) byName.delete(replacing);
  byName.set(tool.name, tool);
  const problem = lookupsProblem(tool, byName);
  if (problem) throw invalid(problem);
}

/** Refuses to delete, rename or turn into a write a read tool that writes take their facts from. */
async function assertNoFactDependents(tx: Tx, workspaceId: string, agentId: string, readTool: string, change: string) {
  const byName = await agentTools(tx, workspaceId, agentId);
  const names = [...byName.values()].filter((t) => t.name !== readTool && t.factsFrom?.some((l) => l.tool === readTool)).map((t) => t.name);
  if (names.length) throw conflict(`${names.join(", ")} ${names.length === 1 ? "takes its" : "take their"} facts from ${readTool}: change that before you ${change} it`);
}

/** Creates or updates one tool; an update bumps revision and updatedAt so the runtime reloads it. */
export async function saveTool(ctx: WorkspaceCtx, input: z.input<typeof saveToolInput>) {
  const { agent: agentIdOrSlug, name: currentName, baseRevision } = saveToolInput.parse(input);
  const tool = parseTool(input.tool);
  return ctx.db.transaction(async (tx) => {
    const agent = await agentRef({ ...ctx, db: tx }, agentIdOrSlug);
    await checkPolicy(tx, ctx.workspace.id, agent.id, tool);
    await checkFactsFrom(tx, ctx.workspace.id, agent.id, tool, currentName);
    const scope = and(eq(tools.workspaceId, ctx.workspace.id), eq(tools.agentId, agent.id));
    if (tool.name !== currentName) {
      const [taken] = await tx.select({ id: tools.id }).from(tools).where(and(scope, eq(tools.name, tool.name)));
      if (taken) throw conflict(`This agent already has a tool called ${tool.name}`);
    }
    if (!currentName) {
      const [row] = await tx.insert(tools).values({ workspaceId: ctx.workspace.id, agentId: agent.id, name: tool.name, definition: tool }).returning();
      await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "tool.create", targetType: "tool", targetId: row!.id, after: { definition: tool } });
      return { id: row!.id, name: tool.name, revision: row!.revision };
    }
    const [row] = await tx.select().from(tools).where(and(scope, eq(tools.name, currentName))).for("update");
    if (!row) throw notFound("Tool");
    if (tool.name !== currentName) await assertNoFactDependents(tx, ctx.workspace.id, agent.id, currentName, "rename");
    else if (tool.kind !== "read") await assertNoFactDependents(tx, ctx.workspace.id, agent.id, currentName, "make a write of");
    if (baseRevision !== undefined && baseRevision !== row.revision) throw conflict(`Someone saved this tool (revision ${row.revision}) after you opened it: reload to see their changes`);
    const revision = row.revision + 1;
    await tx.update(tools).set({ name: tool.name, definition: tool, revision, updatedAt: new Date() }).where(eq(tools.id, row.id));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "tool.update", targetType: "tool", targetId: row.id, before: { definition: row.definition }, after: { definition: tool } });
    return { id: row.id, name: tool.name, revision };
  });
}

/** Creates several tools at once (an OpenAPI import); nothing is created if any name is taken. */
export async function importTools(ctx: WorkspaceCtx, input: { agent: string; tools: unknown[] }) {
  const parsed = input.tools.map(parseTool);
  if (parsed.length === 0) throw invalid("Pick at least one operation to import");
  const names = parsed.map((t) => t.name);
  if (new Set(names).size !== names.length) throw invalid("Two of the picked operations would get the same tool name: rename one");
  return ctx.db.transaction(async (tx) => {
    const agent = await agentRef({ ...ctx, db: tx }, input.agent);
    const taken = await tx.select({ name: tools.name }).from(tools).where(and(eq(tools.workspaceId, ctx.workspace.id), eq(tools.agentId, agent.id), inArray(tools.name, names)));
    if (taken.length) throw conflict(`This agent already has tools called ${taken.map((t) => t.name).join(", ")}`);
    for (const t of parsed) await checkPolicy(tx, ctx.workspace.id, agent.id, t);
    for (const t of parsed) await checkFactsFrom(tx, ctx.workspace.id, agent.id, t);
    const rows = await tx.insert(tools).values(parsed.map((t) => ({ workspaceId: ctx.workspace.id, agentId: agent.id, name: t.name, definition: t }))).returning({ id: tools.id, name: tools.name });
    for (const r of rows) await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "tool.create", targetType: "tool", targetId: r.id, after: { definition: parsed.find((t) => t.name === r.name), source: "openapi" } });
    return rows;
  });
}

export async function deleteTool(ctx: WorkspaceCtx, input: { agent: string; name: string }) {
  return ctx.db.transaction(async (tx) => {
    const agent = await agentRef({ ...ctx, db: tx }, input.agent);
    await assertNoFactDependents(tx, ctx.workspace.id, agent.id, input.name, "delete");
    const [row] = await tx.delete(tools).where(and(eq(tools.workspaceId, ctx.workspace.id), eq(tools.agentId, agent.id), eq(tools.name, input.name))).returning();
    if (!row) throw notFound("Tool");
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "tool.delete", targetType: "tool", targetId: row.id, before: { definition: row.definition } });
  });
}
