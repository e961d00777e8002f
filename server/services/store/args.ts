import { z } from "zod";

// Arguments of the 16 τ²-bench retail tools, by the names the scenarios use.
const id = z.string().min(1);
const idList = z.array(id);
const address = {
  address1: z.string().min(1),
  address2: z.string(),
  city: z.string().min(1),
  state: z.string().min(1),
  country: z.string().min(1),
  zip: z.string().min(1),
};

export const storeToolArgs = {
  find_user_id_by_email: z.object({ email: z.string().min(1) }),
  find_user_id_by_name_zip: z.object({ first_name: z.string().min(1), last_name: z.string().min(1), zip: z.string().min(1) }),
  get_user_details: z.object({ user_id: id }),
  get_order_details: z.object({ order_id: id }),
  get_product_details: z.object({ product_id: id }),
  get_item_details: z.object({ item_id: id }),
  list_all_product_types: z.object({}),
  calculate: z.object({ expression: z.string().min(1).max(500) }),
  transfer_to_human_agents: z.object({ summary: z.string() }),
  cancel_pending_order: z.object({ order_id: id, reason: z.string() }),
  modify_pending_order_address: z.object({ order_id: id, ...address }),
  modify_pending_order_payment: z.object({ order_id: id, payment_method_id: id }),
  modify_pending_order_items: z.object({ order_id: id, item_ids: idList, new_item_ids: idList, payment_method_id: id }),
  modify_user_address: z.object({ user_id: id, ...address }),
  return_delivered_order_items: z.object({ order_id: id, item_ids: idList, payment_method_id: id }),
  exchange_delivered_order_items: z.object({ order_id: id, item_ids: idList, new_item_ids: idList, payment_method_id: id }),
} as const;

export type StoreToolName = keyof typeof storeToolArgs;
export type StoreToolArgs<T extends StoreToolName> = z.infer<(typeof storeToolArgs)[T]>;

export const writeToolNames = [
  "cancel_pending_order",
  "modify_pending_order_address",
  "modify_pending_order_payment",
  "modify_pending_order_items",
  "modify_user_address",
  "return_delivered_order_items",
  "exchange_delivered_order_items",
] as const satisfies readonly StoreToolName[];
export type WriteToolName = (typeof writeToolNames)[number];

export const isStoreTool = (name: string): name is StoreToolName => Object.hasOwn(storeToolArgs, name);
export const isWriteTool = (name: string): name is WriteToolName => (writeToolNames as readonly string[]).includes(name);

export const cancelReasons = ["no longer needed", "ordered by mistake"] as const;
