import "server-only";
import { writeFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";
import { invalid, notFound } from "@/server/errors";
import { exportCustomer } from "@/server/services/privacy/export-customer";
import type { PrivacyCtx } from "@/server/services/privacy/find-customer";
import { forgetCustomer } from "@/server/services/privacy/forget-customer";

export interface CustomerCliInput {
  workspaceSlug?: string;
  /** The brand's id for the customer. */
  id?: string;
  out?: string;
}

/** The workspace named by --workspace (required: a forget must never land on the demo workspace by default). No actor: the CLI has shell access to the database. */
async function privacyCtx(db: Db, input: CustomerCliInput): Promise<{ ctx: PrivacyCtx; id: string }> {
  if (!input.workspaceSlug) throw invalid("--workspace is required: the slug of the customer's workspace");
  if (!input.id) throw invalid("--id is required: your id for the customer (as sent in customer.id)");
  const [workspace] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, input.workspaceSlug)).limit(1);
  if (!workspace) throw notFound(`Workspace ${input.workspaceSlug}`);
  return { ctx: { db, workspaceId: workspace.id, actorId: null }, id: input.id };
}

/** `customer forget`: erases the customer and says what went (counts only). */
export async function forgetCustomerFromCli(db: Db, input: CustomerCliInput): Promise<string> {
  const { ctx, id } = await privacyCtx(db, input);
  const { erasureId, counts } = await forgetCustomer(ctx, { externalId: id });
  const removed = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(", ");
  return `Forgot customer ${id}: ${removed || "nothing else held"}. Erasure ${erasureId} (audit log: customer.forget).`;
}

/** `customer export`: the JSON document on stdout, or written to --out (then a line saying where). */
export async function exportCustomerFromCli(db: Db, input: CustomerCliInput): Promise<string> {
  const { ctx, id } = await privacyCtx(db, input);
  const document = await exportCustomer(ctx, { externalId: id });
  const content = JSON.stringify(document, null, 2);
  if (!input.out) return content;
  writeFileSync(input.out, `${content}\n`);
  return `Exported customer ${id} (${document.conversations.length} conversations) to ${input.out}.`;
}
