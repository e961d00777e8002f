import ipaddr from "ipaddr.js";

/**
 * The client's address as the outermost trusted proxy saw it: X-Forwarded-For counted from the right,
 * one entry per trusted proxy (each appends the address it received from). With no trusted proxy
 * the header is whatever the client sent (Next.js fills it from the socket only when it is absent),
 * so there is no address to trust: null. IPv6 clients are grouped by /64, the block one host gets.
 */
export function clientAddress(headers: Headers, trustedProxies: number): string | null {
  if (trustedProxies < 1) return null;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  const hop = hops[hops.length - trustedProxies];
  if (!hop || !ipaddr.isValid(hop)) return null;
  const address = ipaddr.process(hop);
  if (address.kind() === "ipv4") return address.toString();
  return `${(address as ipaddr.IPv6).toNormalizedString().split(":").slice(0, 4).join(":")}::/64`;
}
