import { expect, test } from "vitest";
import { clientAddress } from "./client-address";

const headers = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

test("with no trusted proxy, X-Forwarded-For is the client's to forge: no address", () => {
  expect(clientAddress(headers("203.0.113.7"), 0)).toBeNull();
});

test("behind trusted proxies, the address is the entry the outermost one appended, not what the client sent", () => {
  expect(clientAddress(headers("1.1.1.1, 203.0.113.7"), 1)).toBe("203.0.113.7");
  expect(clientAddress(headers("1.1.1.1, 203.0.113.7, 10.0.0.2"), 2)).toBe("203.0.113.7");
});

test("a missing or malformed entry is no address", () => {
  expect(clientAddress(headers(), 1)).toBeNull();
  expect(clientAddress(headers("203.0.113.7"), 2)).toBeNull();
  expect(clientAddress(headers("evil"), 1)).toBeNull();
});

test("IPv4-mapped IPv6 is the IPv4 address; IPv6 clients are grouped by /64", () => {
  expect(clientAddress(headers("::ffff:203.0.113.7"), 1)).toBe("203.0.113.7");
  expect(clientAddress(headers("2001:db8:1:2:aaaa::1"), 1)).toBe(clientAddress(headers("2001:db8:1:2:bbbb::9"), 1));
  expect(clientAddress(headers("2001:db8:1:2::1"), 1)).not.toBe(clientAddress(headers("2001:db8:1:3::1"), 1));
});
