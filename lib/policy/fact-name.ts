/** The name a JSON key has as (part of) a fact: snake_case, so `refundAmount` is `refund_amount`. */
export const factName = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_");
