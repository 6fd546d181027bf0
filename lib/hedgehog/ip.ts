/**
 * Pure IPv4 / CIDR helpers. Addresses are unsigned 32-bit integers held in plain numbers (0 … 2^32-1), so every
 * comparison in hot loops is numeric. Parsing is strict: dotted quad, no leading zeros, prefix 0–32.
 */

export interface Cidr {
  /** The address as written (may have host bits set, e.g. 10.0.0.1/24). */
  addr: number;
  prefix: number;
  /** First address of the prefix (host bits cleared). */
  network: number;
  /** Last address of the prefix. */
  broadcast: number;
  /** Number of addresses (2^(32-prefix)). */
  size: number;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** Parses `a.b.c.d` → number, or undefined. */
export function parseIPv4(s: string): number | undefined {
  if (typeof s !== "string") return undefined;
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!OCTET.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** Formats a number as `a.b.c.d`. */
export function formatIPv4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** Builds a Cidr from an address and prefix length. */
export function makeCidr(addr: number, prefix: number): Cidr {
  const size = 2 ** (32 - prefix);
  const network = addr - (addr % size);
  return { addr, prefix, network, broadcast: network + size - 1, size };
}

/** Parses `a.b.c.d/p` → Cidr, or undefined. */
export function parseCidr(s: string): Cidr | undefined {
  if (typeof s !== "string") return undefined;
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const addr = parseIPv4(s.slice(0, slash));
  const ps = s.slice(slash + 1);
  if (addr === undefined || !/^(0|[1-9][0-9]?)$/.test(ps)) return undefined;
  const prefix = Number(ps);
  if (prefix > 32) return undefined;
  return makeCidr(addr, prefix);
}

/** Formats a prefix as `network/prefix`. */
export function formatCidr(c: Cidr): string {
  return `${formatIPv4(c.network)}/${c.prefix}`;
}

/** True when the CIDR has no host bits set (`10.0.0.0/24`, not `10.0.0.1/24`). */
export function isCanonical(c: Cidr): boolean {
  return c.addr === c.network;
}

/** Whether the address lies inside the prefix. */
export function cidrContainsAddr(c: Cidr, addr: number): boolean {
  return addr >= c.network && addr <= c.broadcast;
}

/** Whether `inner` lies entirely inside `outer` and is at least as specific (the fabric's `iputil.IsSubset`). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.network >= outer.network && inner.broadcast <= outer.broadcast;
}

/** Whether two prefixes share any address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.network <= b.broadcast && b.network <= a.broadcast;
}

/** First usable host (network + 1; the network itself for /31 and /32). */
export function firstHost(c: Cidr): number {
  return c.prefix >= 31 ? c.network : c.network + 1;
}

/** Last address (the broadcast address for ≤ /30). */
export function lastAddress(c: Cidr): number {
  return c.broadcast;
}

/** Convenience: does the CIDR string `outer` contain the address string `ip`? False when either does not parse. */
export function containsIP(outer: string, ip: string): boolean {
  const c = parseCidr(outer);
  const a = parseIPv4(ip);
  return !!c && a !== undefined && cidrContainsAddr(c, a);
}

/** Convenience: do the two CIDR strings overlap? False when either does not parse. */
export function overlaps(a: string, b: string): boolean {
  const ca = parseCidr(a);
  const cb = parseCidr(b);
  return !!ca && !!cb && cidrOverlaps(ca, cb);
}

/** An inclusive numeric interval with an owner (a subnet, a VLAN range …). */
export interface Interval<T> {
  from: number;
  to: number;
  owner: T;
}

/**
 * Finds overlapping intervals in O(n log n): sorts by start and sweeps, reporting each interval that overlaps one
 * seen before it together with that earlier interval (the one reaching furthest). `sameGroup` lets callers ignore
 * overlaps between intervals that may overlap (e.g. two subnets of the same VPC, checked elsewhere).
 */
export function findOverlaps<T>(
  intervals: ReadonlyArray<Interval<T>>,
  sameGroup?: (a: T, b: T) => boolean,
): Array<{ a: Interval<T>; b: Interval<T> }> {
  const sorted = intervals.slice().sort((x, y) => x.from - y.from || x.to - y.to);
  const out: Array<{ a: Interval<T>; b: Interval<T> }> = [];
  const differ = (a: Interval<T>, b: Interval<T>): boolean => !sameGroup || !sameGroup(a.owner, b.owner);
  // Invariant: `reach` reaches furthest of all seen; `reachOther` reaches furthest among those in another group.
  let reach: Interval<T> | undefined;
  let reachOther: Interval<T> | undefined;
  for (const cur of sorted) {
    const candidate = reach && differ(reach, cur) ? reach : reachOther;
    if (candidate && cur.from <= candidate.to) out.push({ a: candidate, b: cur });
    if (!reach || cur.to > reach.to) {
      if (reach && differ(reach, cur)) reachOther = reach;
      reach = cur;
    } else if (differ(reach, cur) && (!reachOther || cur.to > reachOther.to)) {
      reachOther = cur;
    }
  }
  return out;
}

/** A sorted, merged set of inclusive numeric ranges supporting containment queries by binary search. */
export class RangeSet {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(ranges: ReadonlyArray<{ from: number; to: number }>) {
    const sorted = ranges.filter((r) => r.from <= r.to).sort((a, b) => a.from - b.from);
    for (const r of sorted) {
      const n = this.starts.length;
      if (n > 0 && r.from <= this.ends[n - 1] + 1) this.ends[n - 1] = Math.max(this.ends[n - 1], r.to);
      else {
        this.starts.push(r.from);
        this.ends.push(r.to);
      }
    }
  }

  /** Whether [from, to] lies entirely inside one merged range. */
  containsRange(from: number, to: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= from) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && to <= this.ends[hi];
  }

  contains(v: number): boolean {
    return this.containsRange(v, v);
  }

  /** Whether any value of [from, to] is in the set. */
  intersects(from: number, to: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= to) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && this.ends[hi] >= from;
  }
}
