import ipaddr from "ipaddr.js";

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

const v4 = (bytes: number[]) => new ipaddr.IPv4(bytes.map((b) => b & 0xff));
const nat64 = ipaddr.IPv6.parseCIDR("64:ff9b::/96");
const sixToFour = ipaddr.IPv6.parseCIDR("2002::/16");
const teredo = ipaddr.IPv6.parseCIDR("2001::/32");

/**
 * The IPv4 addresses an IPv6 address carries, for the forms a packet can be routed to them by:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16) and
 * Teredo (2001::/32: its server, and its client with the bits inverted).
 */
function embeddedIPv4(ip: IPv6): IPv4[] {
  const b = ip.toByteArray();
  if (ip.isIPv4MappedAddress()) return [ip.toIPv4Address()];
  if (b.slice(0, 12).every((x) => x === 0)) return [v4(b.slice(12))];
  if (ip.match(nat64)) return [v4(b.slice(12))];
  if (ip.match(sixToFour)) return [v4(b.slice(2, 6))];
  if (ip.match(teredo)) return [v4(b.slice(4, 8)), v4(b.slice(12).map((x) => ~x))];
  return [];
}

/**
 * Why an address must not be called (ipaddr.js's range name: loopback, private, linkLocal, ...), or null
 * for an ordinary public unicast address. IPv6 forms that embed an IPv4 address are judged by that address.
 */
export function blockedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return "invalid";
  const ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6") {
    const v6 = ip as IPv6;
    const range = v6.range();
    if (range === "loopback" || range === "unspecified") return range;
    const embedded = embeddedIPv4(v6);
    if (embedded.length > 0) return embedded.map((e) => blockedRange(e.toString())).find((r) => r !== null) ?? null;
    return range === "unicast" ? null : range;
  }
  const range = (ip as IPv4).range();
  return range === "unicast" ? null : range;
}
