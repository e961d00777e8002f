import type { Db } from "@/db/client";

/** Every store function runs against one copy of the store. */
export interface StoreCtx {
  db: Db;
  storeId: string;
}

// The record shapes of τ²-bench retail's db.json, stored verbatim in each row's `data`.
export interface Address {
  address1: string;
  address2: string;
  city: string;
  state: string;
  country: string;
  zip: string;
}

export interface PaymentMethod {
  source: "credit_card" | "paypal" | "gift_card";
  id: string;
  balance?: number;
  brand?: string;
  last_four?: string;
}

export interface StoreUser {
  user_id: string;
  name: { first_name: string; last_name: string };
  address: Address;
  email: string;
  payment_methods: Record<string, PaymentMethod>;
  orders: string[];
}

export interface OrderItem {
  name: string;
  product_id: string;
  item_id: string;
  price: number;
  options: Record<string, string>;
}

export interface Payment {
  transaction_type: "payment" | "refund";
  amount: number;
  payment_method_id: string;
}

export interface StoreOrder {
  order_id: string;
  user_id: string;
  address: Address;
  items: OrderItem[];
  status: string;
  fulfillments: { tracking_id: string[]; item_ids: string[] }[];
  payment_history: Payment[];
  cancel_reason?: string;
  return_items?: string[];
  return_payment_method_id?: string;
  exchange_items?: string[];
  exchange_new_items?: string[];
  exchange_payment_method_id?: string;
  exchange_price_difference?: number;
}

export interface Variant {
  item_id: string;
  options: Record<string, string>;
  available: boolean;
  price: number;
}

export interface StoreProduct {
  name: string;
  product_id: string;
  variants: Record<string, Variant>;
}
