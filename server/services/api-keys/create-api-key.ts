import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { recordAudit } from "@/server/services/audit/record-audit";
import { generateApiKey } from "./key-format";

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it, e.g. “Website backend”").max(80, "At most 80 characters"),
  rateLimitPerMinute: z.number().int().min(1, "At least 1 request a minute").max(100_000).default(600),
});

/**
 * Creates a workspace API key. The key itself is returned once and never stored; the caller shows it
 * and forgets it. `actorId` is null when the CLI creates it.
 */
export async function createApiKey(
  ctx: { db: Db; userId: string | null; workspace: { id: string } },
  input: z.input<typeof createApiKeyInput>,
) {
  const { name, rateLimitPerMinute } = createApiKeyInput.parse(input);
  const { key, prefix, hash } = generateApiKey();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ workspaceId: ctx.workspace.id, name, prefix, hash, rateLimitPerMinute, createdBy: ctx.userId })
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "api_key.create",
      targetType: "api_key",
      targetId: row!.id,
      after: { name, prefix, rateLimitPerMinute },
    });
    return { ...row!, key };
  });
}
