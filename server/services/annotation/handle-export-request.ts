import "server-only";
import { exportFilterOf, exportParamsSchema } from "@/lib/annotation/export-params";
import { can } from "@/server/authz/permissions";
import { DomainError, httpStatusOf } from "@/server/errors";
import type { Db } from "@/db/client";
import { getAgent } from "@/server/services/agents/agents";
import { resolveWorkspace } from "@/server/services/workspaces/resolve-workspace";
import { exportLines } from "./export-conversations";

const json = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

/**
 * GET /api/review/export?workspace=…&agentId=…&format=jsonl|csv&<the list's filters>: the conversations the
 * list shows, streamed as a download. Everyone who reads conversations may export them; another
 * workspace's agent is 404 like everywhere else.
 */
export async function handleExportRequest(ctx: { db: Db; userId: string | null }, request: Request): Promise<Response> {
  if (!ctx.userId) return json(401, "unauthorized", "Sign in to export conversations");
  const parsed = exportParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return json(400, "invalid", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const p = parsed.data;
  let agentSlug: string;
  let workspace: Awaited<ReturnType<typeof resolveWorkspace>>;
  try {
    workspace = await resolveWorkspace({ db: ctx.db, userId: ctx.userId }, p.workspace);
    if (!can(workspace.role, "conversations:read")) return json(403, "forbidden", "Your role cannot read conversations");
    agentSlug = (await getAgent(workspace, p.agentId)).slug;
  } catch (error) {
    if (error instanceof DomainError) return json(httpStatusOf[error.code], error.code, error.message);
    throw error;
  }
  const lines = exportLines(workspace, exportFilterOf(p), p.format);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": p.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${agentSlug}-conversations-${stamp}.${p.format}"`,
      "cache-control": "no-store",
    },
  });
}
