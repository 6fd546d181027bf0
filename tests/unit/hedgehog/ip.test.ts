import { describe, expect, test } from "vitest";
import { cidrContains, cidrOverlaps, containsIP, findOverlaps, firstHost, formatCidr, formatIPv4, isCanonical, overlaps, parseCidr, parseIPv4, RangeSet } from "@/lib/hedgehog/ip";

const c = (s: string) => {
  const x = parseCidr(s);
  if (!x) throw new Error(s);
  return x;
};

describe("ip", () => {
  test("parses and formats IPv4 strictly", () => {
    expect(parseIPv4("10.0.1.1")).toBe(10 * 2 ** 24 + 256 + 1);
    expect(formatIPv4(parseIPv4("255.255.255.255") as number)).toBe("255.255.255.255");
    for (const bad of ["10.0.1", "10.0.1.256", "010.0.0.1", "a.b.c.d", "10.0.0.1/32", ""]) expect(parseIPv4(bad)).toBeUndefined();
  });
  test("parses CIDRs with network and broadcast", () => {
    const x = c("10.0.1.5/24");
    expect(formatIPv4(x.network)).toBe("10.0.1.0");
    expect(formatIPv4(x.broadcast)).toBe("10.0.1.255");
    expect(isCanonical(x)).toBe(false);
    expect(formatCidr(x)).toBe("10.0.1.0/24");
    expect(formatIPv4(firstHost(x))).toBe("10.0.1.1");
    expect(c("0.0.0.0/0").size).toBe(2 ** 32);
    for (const bad of ["10.0.0.0/33", "10.0.0.0", "10.0.0.0/", "10.0.0.0/08"]) expect(parseCidr(bad)).toBeUndefined();
  });
  test("containment is subset-and-at-least-as-specific", () => {
    expect(cidrContains(c("10.0.0.0/16"), c("10.0.1.0/24"))).toBe(true);
    expect(cidrContains(c("10.0.1.0/24"), c("10.0.0.0/16"))).toBe(false);
    expect(cidrContains(c("10.0.0.0/16"), c("10.1.0.0/24"))).toBe(false);
    expect(containsIP("172.30.0.0/21", "172.30.7.254")).toBe(true);
    expect(containsIP("172.30.0.0/21", "172.30.8.0")).toBe(false);
  });
  test("overlaps", () => {
    expect(cidrOverlaps(c("172.30.0.0/16"), c("172.30.128.0/17"))).toBe(true);
    expect(overlaps("10.0.0.0/24", "10.0.1.0/24")).toBe(false);
  });
  test("findOverlaps reports overlaps between groups only, in O(n log n)", () => {
    const iv = [
      { from: 0, to: 9, owner: "a" },
      { from: 5, to: 6, owner: "a" },
      { from: 20, to: 30, owner: "b" },
      { from: 8, to: 8, owner: "b" },
    ];
    const pairs = findOverlaps(iv, (x, y) => x === y).map((p) => `${p.a.from}-${p.b.from}`);
    expect(pairs).toEqual(["0-8"]);
    expect(findOverlaps(iv).length).toBe(2);
    const many = Array.from({ length: 100_000 }, (_, i) => ({ from: i * 256, to: i * 256 + 255, owner: i }));
    expect(findOverlaps(many, (a, b) => a === b)).toEqual([]);
  });
  test("RangeSet merges and answers containment", () => {
    const rs = new RangeSet([{ from: 1000, to: 1999 }, { from: 2000, to: 2999 }, { from: 3000, to: 3000 }]);
    expect(rs.containsRange(1500, 2500)).toBe(true);
    expect(rs.contains(3001)).toBe(false);
    expect(rs.intersects(2990, 3100)).toBe(true);
    expect(rs.intersects(3100, 3200)).toBe(false);
  });
});
