import "server-only";
import { z } from "zod";
import { httpToolSchema } from "@/lib/schemas/tool";
import { type JsonSchema, validateArgs } from "@/lib/tools/args-schema";
import { buildRequest, runHttpTool, ToolError } from "@/server/agent/tools/http-tool";
import { invalid } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { readWorkspaceSettings } from "@/server/services/model-settings/workspace-settings";
import { secretResolver } from "@/server/services/secrets/secrets";

export const testToolInput = z.object({
  tool: z.record(z.string(), z.unknown()),
  args: z.record(z.string(), z.unknown()).default({}),
  /** A write changes real data: the caller must have said so explicitly. */
  confirmWrite: z.boolean().default(false),
});

/**
 * Calls the tool being edited with sample arguments, exactly as the runtime would (same request building,
 * secrets, SSRF rules and response trimming), and reports the outcome. Secrets never appear in the answer.
 */
export async function testTool(ctx: WorkspaceCtx & { appUrl: string }, input: z.input<typeof testToolInput>) {
  const { args, confirmWrite } = testToolInput.parse(input);
  const parsed = httpToolSchema.safeParse(input.tool);
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? "The tool is not valid");
  const tool = parsed.data;
  if (tool.kind === "write" && !confirmWrite) throw invalid("This tool writes: confirm that the test call may change real data");
  const [wrong] = Object.entries(validateArgs(tool.args as JsonSchema, args));
  if (wrong) throw invalid(`Argument ${wrong[0]}: ${wrong[1]}. Fix it to match the tool's argument schema.`);
  const settings = await readWorkspaceSettings(ctx.db, ctx.workspace.id);
  let request: { method: string; url: string };
  try {
    request = { method: tool.method, url: buildRequest(tool, args, ctx.appUrl).url };
  } catch {
    throw invalid("The URL template does not give a valid URL: start with https:// or {{appUrl}}");
  }
  // A backend that echoes its headers would hand the secret back: blank every value used out of the answer.
  const used: string[] = [];
  const resolve = secretResolver(ctx.db, ctx.workspace.id);
  const resolveSecret = async (name: string) => {
    const value = await resolve(name);
    if (value) used.push(value);
    return value;
  };
  const scrub = <T>(value: T): T => {
    if (used.length === 0) return value;
    let text = JSON.stringify(value ?? null);
    for (const secret of used) text = text.split(JSON.stringify(secret).slice(1, -1)).join("[secret]");
    return JSON.parse(text) as T;
  };
  const started = performance.now();
  try {
    const result = await runHttpTool(tool, args, { appUrl: ctx.appUrl, resolveSecret, allowHosts: settings.allowedHosts });
    return { ok: true as const, request, result: scrub(result), ms: Math.round(performance.now() - started) };
  } catch (e) {
    if (!(e instanceof ToolError)) throw e;
    return { ok: false as const, request, error: scrub({ message: e.message, status: e.status, code: e.code }), ms: Math.round(performance.now() - started) };
  }
}
