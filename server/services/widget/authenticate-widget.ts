import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { widgetKeys } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { normalizeOrigin } from "./theme";

export interface WidgetPrincipal {
  widgetKeyId: string;
  workspaceId: string;
  agentId: string;
  origin: string;
  theme: unknown;
}

/**
 * A public widget key is only good on the origins the builder allowed: the browser's `Origin` header
 * must be one of them. (The key is public by design; the origin check is what stops other sites.)
 */
export async function authenticateWidget(db: Db, input: { publicKey: string | null; origin: string | null }): Promise<WidgetPrincipal> {
  if (!input.publicKey) throw new DomainError("unauthorized", "Send the widget key as `X-Widget-Key`");
  const [row] = await db.select().from(widgetKeys).where(eq(widgetKeys.publicKey, input.publicKey)).limit(1);
  if (!row || !row.enabled) throw new DomainError("unauthorized", "This widget key is not valid (it may have been disabled)");
  const origin = input.origin ? normalizeOrigin(input.origin) : null;
  if (!origin || !row.allowedOrigins.includes(origin)) {
    throw new DomainError("forbidden", `This widget is not allowed on ${input.origin ?? "this page"}: add the site's origin in the studio (Widget)`);
  }
  return { widgetKeyId: row.id, workspaceId: row.workspaceId, agentId: row.agentId, origin, theme: row.theme };
}

