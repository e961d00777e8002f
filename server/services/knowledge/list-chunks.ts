import "server-only";
import { and, asc, eq, ilike, or } from "drizzle-orm";
import type { z } from "zod";
import { chunks } from "@/db/schema";
import { listChunksInput } from "@/lib/schemas/knowledge";
import type { WorkspaceCtx } from "@/server/services/context";
import { getDocument } from "./get-document";

/** The chunks of a document's active version in reading order, optionally those containing `search`. */
export async function listChunks(ctx: WorkspaceCtx, input: z.input<typeof listChunksInput>) {
  const { documentId, search, limit } = listChunksInput.parse(input);
  const document = await getDocument(ctx, { documentId });
  if (document.activeVersion === null) return { document, chunks: [] };
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await ctx.db
    .select({ id: chunks.id, ordinal: chunks.ordinal, sectionPath: chunks.sectionPath, text: chunks.text, contentHash: chunks.contentHash })
    .from(chunks)
    .where(
      and(
        eq(chunks.workspaceId, ctx.workspace.id),
        eq(chunks.documentId, documentId),
        eq(chunks.version, document.activeVersion),
        search ? or(ilike(chunks.text, pattern), ilike(chunks.sectionPath, pattern)) : undefined,
      ),
    )
    .orderBy(asc(chunks.ordinal))
    .limit(limit);
  return { document, chunks: rows };
}
