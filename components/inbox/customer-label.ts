/** The customer as the inbox names them: their name or email, else the id the channel gave, else `fallback`. */
export function customerLabel(customer: unknown, fallback = "Anonymous customer"): string {
  const c = (customer ?? {}) as { name?: unknown; email?: unknown; id?: unknown };
  for (const v of [c.name, c.email, c.id]) if (typeof v === "string" && v.trim()) return v;
  return fallback;
}
