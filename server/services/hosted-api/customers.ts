import "server-only";
import { exportCustomer } from "@/server/services/privacy/export-customer";
import { forgetCustomer } from "@/server/services/privacy/forget-customer";
import type { ApiCtx } from "./context";

// The hosted API's privacy endpoints for a customer named by the brand's id (an API key of the workspace;
// never a widget key, which the page's visitors hold). No actor: the audit entry is the key's workspace's.

/** `DELETE /customers/{id}`: forget the customer (their conversations then answer 404). */
export async function forgetApiCustomer(ctx: ApiCtx, externalId: string) {
  const { erasureId, counts } = await forgetCustomer({ db: ctx.db, workspaceId: ctx.workspaceId, actorId: null }, { externalId });
  return { object: "customer.erasure" as const, id: erasureId, deleted: true, counts };
}

/** `GET /customers/{id}/export`: everything held about the customer, as JSON. */
export function exportApiCustomer(ctx: ApiCtx, externalId: string) {
  return exportCustomer({ db: ctx.db, workspaceId: ctx.workspaceId, actorId: null }, { externalId });
}
