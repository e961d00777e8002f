import "server-only";
import type { z } from "zod";
import { MAX_UPLOAD_BYTES, importUrlInput } from "@/lib/schemas/knowledge";
import { invalid } from "@/server/errors";
import { detectFormat } from "@/server/knowledge/parse";
import { outboundRequest } from "@/server/net/outbound";
import { readWorkspaceSettings } from "@/server/services/model-settings/workspace-settings";
import type { WorkspaceCtx } from "@/server/services/context";
import { type AddDocumentResult, addDocuments } from "./add-documents";
import { getKnowledgeBase } from "./get-knowledge-base";

const TIMEOUT_MS = 15_000;

/**
 * Fetches a public page or file (or one on the workspace's allowed hosts; checked again on every redirect)
 * and adds it. A refused, unresolvable, unreachable or silent host is a 400 saying which.
 */
export async function importUrl(ctx: WorkspaceCtx, input: z.input<typeof importUrlInput>): Promise<AddDocumentResult> {
  const { knowledgeBaseId, url } = importUrlInput.parse(input);
  await getKnowledgeBase(ctx, { knowledgeBaseId });
  const { allowedHosts } = await readWorkspaceSettings(ctx.db, ctx.workspace.id);
  const response = await outboundRequest(url, { allowHosts: allowedHosts, timeoutMs: TIMEOUT_MS, maxBytes: MAX_UPLOAD_BYTES, maxRedirects: 5, headers: { accept: "text/html, text/markdown, text/plain, text/csv, application/pdf;q=0.9, */*;q=0.5" } });
  if (response.status < 200 || response.status >= 300) throw invalid(`${url} answered with HTTP ${response.status}`);
  const mimeType = response.headers["content-type"] ?? "application/octet-stream";
  const path = new URL(response.url).pathname;
  const last = decodeURIComponent(path.split("/").filter(Boolean).at(-1) ?? "");
  // A page's address rarely ends in .html; its content type says what it is.
  const filename = detectFormat(last, "") ? last : `${last || new URL(response.url).hostname}${extensionFor(mimeType)}`;
  const [result] = await addDocuments(ctx, { knowledgeBaseId, files: [{ filename, mimeType, bytes: response.body, sourceUrl: url }] });
  if (result!.status === "rejected") throw invalid(result!.error!);
  return result!;
}

function extensionFor(mimeType: string): string {
  const format = detectFormat(null, mimeType);
  return format === "markdown" ? ".md" : format === "text" ? ".txt" : format ? `.${format}` : ".html";
}
