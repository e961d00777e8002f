import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { apiKeys } from "@/db/schema";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

export const revokeApiKeyInput = z.object({ keyId: z.uuid("Unknown key") });

/** Revokes a key at once: the next request with it gets 401. Revoking twice is a no-op. */
export async function revokeApiKey(ctx: WorkspaceCtx, input: z.input<typeof revokeApiKeyInput>) {
  const { keyId } = revokeApiKeyInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const [key] = await tx
      .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.workspaceId, ctx.workspace.id)))
      .limit(1);
    if (!key) throw notFound("API key");
    if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt };
    const revokedAt = new Date();
    await tx.update(apiKeys).set({ revokedAt }).where(eq(apiKeys.id, keyId));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: keyId,
      before: { name: key.name, prefix: key.prefix },
      after: { revokedAt },
    });
    return { id: key.id, revokedAt };
  });
}
