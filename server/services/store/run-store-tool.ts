import "server-only";
import { invalid } from "@/server/errors";
import { isStoreTool, storeToolArgs, type StoreToolArgs, type StoreToolName } from "./args";
import { calculate } from "./calculate";
import { cancelPendingOrder } from "./cancel-pending-order";
import { exchangeDeliveredOrderItems } from "./exchange-delivered-order-items";
import { findUserIdByEmail, findUserIdByNameZip } from "./find-user";
import { getItemDetails, getOrderDetails, getProductDetails, getUserDetails, listAllProductTypes } from "./get-details";
import { modifyPendingOrderAddress } from "./modify-pending-order-address";
import { modifyPendingOrderItems } from "./modify-pending-order-items";
import { modifyPendingOrderPayment } from "./modify-pending-order-payment";
import { modifyUserAddress } from "./modify-user-address";
import { returnDeliveredOrderItems } from "./return-delivered-order-items";
import { transferToHumanAgents } from "./transfer-to-human-agents";
import type { StoreCtx } from "./types";

type Handlers = { [K in StoreToolName]: (ctx: StoreCtx, args: StoreToolArgs<K>) => unknown };

export const storeTools: Handlers = {
  find_user_id_by_email: findUserIdByEmail,
  find_user_id_by_name_zip: findUserIdByNameZip,
  get_user_details: getUserDetails,
  get_order_details: getOrderDetails,
  get_product_details: getProductDetails,
  get_item_details: getItemDetails,
  list_all_product_types: listAllProductTypes,
  calculate,
  transfer_to_human_agents: transferToHumanAgents,
  cancel_pending_order: cancelPendingOrder,
  modify_pending_order_address: modifyPendingOrderAddress,
  modify_pending_order_payment: modifyPendingOrderPayment,
  modify_pending_order_items: modifyPendingOrderItems,
  modify_user_address: modifyUserAddress,
  return_delivered_order_items: returnDeliveredOrderItems,
  exchange_delivered_order_items: exchangeDeliveredOrderItems,
};

/** Runs a tool by its τ² name with unvalidated arguments (from a model, a test script or the CLI). */
export async function runStoreTool(ctx: StoreCtx, tool: string, args: unknown): Promise<unknown> {
  if (!isStoreTool(tool)) throw invalid(`Unknown store tool: ${tool}`);
  const parsed = storeToolArgs[tool].safeParse(args ?? {});
  if (!parsed.success) throw invalid(`Invalid arguments for ${tool}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "args"} ${i.message}`).join("; ")}`);
  const handler = storeTools[tool] as (ctx: StoreCtx, args: unknown) => unknown;
  return handler(ctx, parsed.data);
}
