import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";
import { type HandoffSettings, handoffSettingsSchema } from "@/lib/schemas/inbox";
import { notFound } from "@/server/errors";

/** The workspace's business hours and maximum wait (workspaces.settings.handoff), defaulted: always open, 30 minutes. */
export async function readHandoffSettings(db: Db, workspaceId: string): Promise<HandoffSettings> {
  const [row] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  if (!row) throw notFound("Workspace");
  const parsed = handoffSettingsSchema.safeParse((row.settings as { handoff?: unknown } | null)?.handoff ?? {});
  return parsed.success ? parsed.data : handoffSettingsSchema.parse({});
}
