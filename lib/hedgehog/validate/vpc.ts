/** §3.1 VPC, §3.2 VPCAttachment, §3.3 VPCPeering, §3.7 IPv4Namespace. */
import { cidrContains, cidrContainsAddr, findOverlaps, formatCidr, formatIPv4, isCanonical, parseCidr, parseIPv4, type Cidr, type Interval } from "../ip";
import { getRegisteredProfile } from "../catalog";
import { appendPointer } from "../pointer";
import { asArr, asNum, asObj, asStr, isObj, ptr, specOf, type Ctx, type Obj } from "./context";
import { connInfos, MODE_NAMES, reservedOverlap, vlanRangesOf, vpcIPv4Ns, vpcMode, vpcSubnets, vpcVlanNs, type ParsedConfig } from "./common";
import type { SourcedObject } from "../types";

const MAC_RE = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/;
const MAX_VPC_SUBNETS = 20;
const MAX_IPV4NS_SUBNETS = 10;
const MAX_EXTRA_PREFIXES = 100;

interface SubnetRef {
  vpc: string;
  subnet: string;
  so: SourcedObject;
  path: string;
  text: string;
}

export function validateVPCs(ctx: Ctx, pc: ParsedConfig): void {
  const overlapsByNs = new Map<string, Array<Interval<SubnetRef>>>();
  const vlansByNs = new Map<string, Map<number, SubnetRef>>();
  const ipnsParsed = new Map<string, Cidr[]>();
  const nsSubnets = (name: string): Cidr[] | undefined => {
    const so = ctx.get("IPv4Namespace", name);
    if (!so) return undefined;
    let l = ipnsParsed.get(name);
    if (!l) {
      l = asArr(specOf(so.object).subnets).map((s) => parseCidr(asStr(s))).filter((c): c is Cidr => !!c);
      ipnsParsed.set(name, l);
    }
    return l;
  };

  for (const so of ctx.of("VPC")) {
    const spec = specOf(so.object);
    const name = asStr(so.object.metadata?.name);
    const mode = vpcMode(so);
    if (mode === "l3flat") ctx.emit(so, "vpc.mode", "/spec/mode", `mode l3flat is not supported yet: use "" (L2VNI) or l3vni`);
    const subnets = vpcSubnets(so);
    if (subnets.length === 0) ctx.emit(so, "vpc.subnets.count", "/spec/subnets", "a VPC needs at least one subnet: add spec.subnets.default with a subnet and a vlan");
    if (subnets.length > MAX_VPC_SUBNETS) ctx.emit(so, "vpc.subnets.count", "/spec/subnets", `a VPC has at most ${MAX_VPC_SUBNETS} subnets, this one has ${subnets.length}: split it into several VPCs`);

    const ipv4ns = vpcIPv4Ns(so);
    const vlanns = vpcVlanNs(so);
    const nsCidrs = nsSubnets(ipv4ns);
    const vlannsObj = ctx.get("VLANNamespace", vlanns);
    if (!nsCidrs) ctx.emit(so, "vpc.ipv4ns.missing", "/spec/ipv4Namespace", `IPv4Namespace "${ipv4ns}" does not exist: define it or point spec.ipv4Namespace at an existing one`);
    if (!vlannsObj) ctx.emit(so, "vpc.vlanns.missing", "/spec/vlanNamespace", `VLANNamespace "${vlanns}" does not exist: define it or point spec.vlanNamespace at an existing one`);

    const own: Array<Interval<OwnRef>> = [];
    const vlansSeen = new Map<number, string>();
    for (const [sn, sub] of subnets) {
      const base = ptr("spec", "subnets", sn);
      const hostBGP = sub.hostBGP === true;
      const text = asStr(sub.subnet);
      const c = parseCidr(text);
      if (!c) {
        ctx.emit(so, "vpc.subnet.cidr", base + "/subnet", `subnet "${text}" is not a valid IPv4 prefix: write it like 10.0.1.0/24`);
      } else {
        if (c.prefix > 30) ctx.emit(so, "vpc.subnet.cidr", base + "/subnet", `subnet ${text} is too small: use a /30 or larger prefix`);
        const r = reservedOverlap(pc, c);
        if (r) ctx.emit(so, "vpc.subnet.reserved", base + "/subnet", `subnet ${text} overlaps the fabric's reserved subnet ${r}: pick a range outside it`);
        own.push({ from: c.network, to: c.broadcast, owner: { label: `subnet "${sn}" (${text})`, path: base + "/subnet" } });
        if (nsCidrs && !nsCidrs.some((n) => cidrContains(n, c))) {
          ctx.emit(so, "vpc.subnet.outside-ipv4ns", base + "/subnet", `subnet ${text} is not inside IPv4Namespace "${ipv4ns}" (${nsCidrs.map(formatCidr).join(", ") || "no subnets"}): pick a subnet inside it or add a prefix to the namespace`);
        }
        const ref: SubnetRef = { vpc: name, subnet: sn, so, path: base + "/subnet", text };
        let l = overlapsByNs.get(ipv4ns);
        if (!l) overlapsByNs.set(ipv4ns, (l = []));
        l.push({ from: c.network, to: c.broadcast, owner: ref });
      }

      const vlan = asNum(sub.vlan);
      if (!hostBGP) {
        // gateway
        const gw = asStr(sub.gateway);
        const g = parseIPv4(gw);
        if (gw === "") ctx.emit(so, "vpc.subnet.gateway", base + "/gateway", "gateway is required: set it to an address inside the subnet (usually the first host)");
        else if (g === undefined) ctx.emit(so, "vpc.subnet.gateway", base + "/gateway", `gateway "${gw}" is not a valid IPv4 address`);
        else if (c && !cidrContainsAddr(c, g)) ctx.emit(so, "vpc.subnet.gateway", base + "/gateway", `gateway ${gw} is outside subnet ${text}: use an address inside it, e.g. ${formatIPv4(c.network + 1)}`);
        if (vlan === 0) ctx.emit(so, "vpc.subnet.vlan", base + "/vlan", "vlan is required for subnets that are not hostBGP: set a VLAN from the VPC's VLANNamespace");
        else {
          const prev = vlansSeen.get(vlan);
          if (prev !== undefined) ctx.emit(so, "vpc.subnet.vlan-duplicate", base + "/vlan", `VLAN ${vlan} is already used by subnet "${prev}" of this VPC: give each subnet its own VLAN`);
          else vlansSeen.set(vlan, sn);
          if (vlannsObj && !vlanRangesOf(vlannsObj).contains(vlan)) {
            ctx.emit(so, "vpc.subnet.vlan-outside-vlanns", base + "/vlan", `VLAN ${vlan} is outside VLANNamespace "${vlanns}": pick a VLAN inside its ranges`);
          }
        }
      }
      if (vlan !== 0) {
        let m = vlansByNs.get(vlanns);
        if (!m) vlansByNs.set(vlanns, (m = new Map()));
        const prev = m.get(vlan);
        if (prev && prev.vpc !== name) {
          ctx.emit(so, "vpc.subnet.vlan-conflict", base + "/vlan", `VLAN ${vlan} is already used by VPC "${prev.vpc}" (subnet ${prev.subnet}) in VLANNamespace "${vlanns}": pick a free VLAN`);
        } else if (!prev) m.set(vlan, { vpc: name, subnet: sn, so, path: base + "/vlan", text: String(vlan) });
      }

      validateHostBGP(ctx, pc, so, sub, base, c, hostBGP, own, nsCidrs, ipv4ns, overlapsByNs, name, sn);
      validateDHCP(ctx, so, sub, base, c, hostBGP);
    }
    for (const { a, b } of findOverlaps(own)) {
      ctx.emit(so, "vpc.subnet.overlap-self", b.owner.path, `${b.owner.label} overlaps ${a.owner.label} of the same VPC: make them disjoint`);
    }

    // relay VPC
    for (const [sn, sub] of subnets) {
      const relayVPC = asStr(asObj(sub.dhcp).relayVPC);
      if (relayVPC && !ctx.get("VPC", relayVPC)) {
        ctx.emit(so, "vpc.dhcp.relay-vpc.missing", ptr("spec", "subnets", sn, "dhcp", "relayVPC"), `relay VPC "${relayVPC}" does not exist: define it or fix the name`);
      }
    }

    // permit
    const subnetNames = new Set(subnets.map(([k]) => k));
    asArr(spec.permit).forEach((list, i) => {
      const names = asArr(list).map(asStr);
      const p = ptr("spec", "permit", i);
      if (names.length < 2) ctx.emit(so, "vpc.permit", p, "each permit list needs at least 2 subnet names (subnets allowed to talk to each other)");
      const seen = new Set<string>();
      names.forEach((n, j) => {
        if (!subnetNames.has(n)) ctx.emit(so, "vpc.permit", ptr("spec", "permit", i, j), `permit names subnet "${n}", which this VPC does not have: use one of ${[...subnetNames].join(", ")}`);
        if (seen.has(n)) ctx.emit(so, "vpc.permit", ptr("spec", "permit", i, j), `subnet "${n}" is listed twice in this permit list: remove the duplicate`);
        seen.add(n);
      });
    });

    // static routes
    asArr(spec.staticRoutes).forEach((r, i) => {
      const route = asObj(r);
      const prefix = asStr(route.prefix);
      const c = parseCidr(prefix);
      const p = ptr("spec", "staticRoutes", i);
      if (prefix === "") ctx.emit(so, "vpc.static-route", p + "/prefix", "static route prefix is required");
      else if (!c) ctx.emit(so, "vpc.static-route", p + "/prefix", `static route prefix "${prefix}" is not a valid IPv4 prefix`);
      else if (!isCanonical(c)) ctx.emit(so, "vpc.static-route", p + "/prefix", `static route prefix ${prefix} has host bits set: use ${formatCidr(c)}`);
      const hops = asArr(route.nextHops);
      if (hops.length === 0) ctx.emit(so, "vpc.static-route", p + "/nextHops", "a static route needs at least one next hop");
      hops.forEach((h, j) => {
        if (parseIPv4(asStr(h)) === undefined) ctx.emit(so, "vpc.static-route", ptr("spec", "staticRoutes", i, "nextHops", j), `next hop "${asStr(h)}" is not a valid IPv4 address`);
      });
    });
  }

  // cross-VPC overlaps, per IPv4Namespace
  for (const [ns, intervals] of overlapsByNs) {
    for (const { a, b } of findOverlaps(intervals, (x, y) => x.vpc === y.vpc)) {
      ctx.emit(b.owner.so, "vpc.subnet.overlap", b.owner.path, `${b.owner.text} overlaps ${a.owner.text} of VPC "${a.owner.vpc}" (subnet ${a.owner.subnet}) in IPv4Namespace "${ns}": pick a non-overlapping range`);
    }
  }
}

interface OwnRef {
  label: string;
  path: string;
}

function validateHostBGP(
  ctx: Ctx,
  pc: ParsedConfig,
  so: SourcedObject,
  sub: Obj,
  base: string,
  c: Cidr | undefined,
  hostBGP: boolean,
  own: Array<Interval<OwnRef>>,
  nsCidrs: Cidr[] | undefined,
  ipv4ns: string,
  overlapsByNs: Map<string, Array<Interval<SubnetRef>>>,
  vpc: string,
  sn: string,
): void {
  const min = sub.hostBGPMinPrefixLen;
  const max = sub.hostBGPMaxPrefixLen;
  const extras = isObj(sub.hostBGPExtraPrefixes) ? Object.entries(sub.hostBGPExtraPrefixes) : [];
  if (!hostBGP) {
    for (const [f, v] of [["hostBGPMinPrefixLen", min], ["hostBGPMaxPrefixLen", max]] as const) {
      if (v !== undefined && v !== 0) ctx.emit(so, "vpc.subnet.hostbgp", `${base}/${f}`, `${f} is only allowed on hostBGP subnets: remove it or set hostBGP: true`);
    }
    if (extras.length > 0) ctx.emit(so, "vpc.subnet.hostbgp", base + "/hostBGPExtraPrefixes", "hostBGPExtraPrefixes is only allowed on hostBGP subnets: remove it or set hostBGP: true");
    return;
  }
  if (asObj(sub.dhcp).enable === true) ctx.emit(so, "vpc.subnet.hostbgp", base + "/dhcp/enable", "DHCP cannot be enabled on a hostBGP subnet: remove dhcp.enable");
  const lenCheck = (minV: unknown, maxV: unknown, prefix: number, where: string, what: string): void => {
    const mn = typeof minV === "number" && minV !== 0 ? minV : undefined;
    const mx = typeof maxV === "number" && maxV !== 0 ? maxV : 32;
    if (mx > 32 || mx < 1) ctx.emit(so, "vpc.subnet.hostbgp", `${where}/${what === "subnet" ? "hostBGPMaxPrefixLen" : "maxPrefixLen"}`, `max prefix length ${mx} must be between 1 and 32`);
    if (mn !== undefined) {
      const minPath = `${where}/${what === "subnet" ? "hostBGPMinPrefixLen" : "minPrefixLen"}`;
      if (mn > mx) ctx.emit(so, "vpc.subnet.hostbgp", minPath, `min prefix length ${mn} is greater than max prefix length ${mx}`);
      if (mn < prefix) ctx.emit(so, "vpc.subnet.hostbgp", minPath, `min prefix length ${mn} is shorter than the ${what}'s /${prefix}: use ${prefix} or more`);
    }
  };
  if (c) lenCheck(min, max, c.prefix, base, "subnet");
  if (extras.length > MAX_EXTRA_PREFIXES) ctx.emit(so, "vpc.subnet.hostbgp", base + "/hostBGPExtraPrefixes", `at most ${MAX_EXTRA_PREFIXES} extra prefixes are allowed, found ${extras.length}`);
  for (const [prefix, v] of extras) {
    const p = appendPointer(base + "/hostBGPExtraPrefixes", prefix);
    const ec = parseCidr(prefix);
    if (!ec) {
      ctx.emit(so, "vpc.subnet.hostbgp", p, `extra prefix "${prefix}" is not a valid IPv4 prefix`);
      continue;
    }
    if (!isCanonical(ec)) ctx.emit(so, "vpc.subnet.hostbgp", p, `extra prefix ${prefix} has host bits set: use ${formatCidr(ec)}`);
    const ev = asObj(v);
    lenCheck(ev.minPrefixLen, ev.maxPrefixLen, ec.prefix, p, "prefix");
    const r = reservedOverlap(pc, ec);
    if (r) ctx.emit(so, "vpc.subnet.hostbgp", p, `extra prefix ${prefix} overlaps the fabric's reserved subnet ${r}`);
    own.push({ from: ec.network, to: ec.broadcast, owner: { label: `extra prefix ${prefix} of subnet "${sn}"`, path: p } });
    if (nsCidrs && !nsCidrs.some((n) => cidrContains(n, ec))) {
      ctx.emit(so, "vpc.subnet.outside-ipv4ns", p, `extra prefix ${prefix} is not inside IPv4Namespace "${ipv4ns}": pick a prefix inside it`);
    }
    let l = overlapsByNs.get(ipv4ns);
    if (!l) overlapsByNs.set(ipv4ns, (l = []));
    l.push({ from: ec.network, to: ec.broadcast, owner: { vpc, subnet: sn, so, path: p, text: `extra prefix ${prefix}` } });
  }
}

function validateDHCP(ctx: Ctx, so: SourcedObject, sub: Obj, base: string, c: Cidr | undefined, hostBGP: boolean): void {
  if (!isObj(sub.dhcp)) return;
  const dhcp = sub.dhcp;
  const dp = base + "/dhcp";
  const enabled = dhcp.enable === true;
  const relay = asStr(dhcp.relay);
  if (relay !== "" && enabled) ctx.emit(so, "vpc.dhcp.relay", dp + "/relay", "DHCP relay and the built-in DHCP server are mutually exclusive: remove dhcp.relay or dhcp.enable");
  if (relay !== "" && !parseCidr(relay)) ctx.emit(so, "vpc.dhcp.relay", dp + "/relay", `relay "${relay}" is not a valid prefix: write the relay address as a prefix such as 10.20.20.200/32`);
  if (asStr(dhcp.relayVPC) !== "" && relay === "") ctx.emit(so, "vpc.dhcp.relay", dp + "/relayVPC", "relayVPC needs relay: set dhcp.relay to the DHCP server address");

  const range = asObj(dhcp.range);
  const options = asObj(dhcp.options);
  const statics = isObj(dhcp.static) ? Object.entries(dhcp.static) : [];
  if (!enabled) {
    if (asStr(range.start) !== "" || asStr(range.end) !== "") ctx.emit(so, "vpc.dhcp.disabled", dp + "/range", "a DHCP range is set but DHCP is disabled: set dhcp.enable: true or remove the range");
    const setOpts: string[] = [];
    if (asStr(options.pxeURL) !== "") setOpts.push("pxeURL");
    if (asArr(options.dnsServers).length > 0) setOpts.push("dnsServers");
    if (asArr(options.timeServers).length > 0) setOpts.push("timeServers");
    if (asNum(options.interfaceMTU) !== 0) setOpts.push("interfaceMTU");
    if (asNum(options.leaseTimeSeconds) !== 0) setOpts.push("leaseTimeSeconds");
    if (options.disableDefaultRoute === true) setOpts.push("disableDefaultRoute");
    if (asArr(options.advertisedRoutes).length > 0) setOpts.push("advertisedRoutes");
    if (setOpts.length > 0) ctx.emit(so, "vpc.dhcp.disabled", dp + "/options", `DHCP options (${setOpts.join(", ")}) are set but DHCP is disabled: set dhcp.enable: true or remove them`);
    if (statics.length > 0) ctx.emit(so, "vpc.dhcp.disabled", dp + "/static", "static DHCP leases are set but DHCP is disabled: set dhcp.enable: true or remove them");
    return;
  }
  if (hostBGP) return; // reported by vpc.subnet.hostbgp
  const gw = parseIPv4(asStr(sub.gateway));
  const start = asStr(range.start);
  const end = asStr(range.end);
  if (start === "" || end === "") {
    ctx.emit(so, "vpc.dhcp.range", dp + "/range", "DHCP is enabled but the range is incomplete: set dhcp.range.start and dhcp.range.end inside the subnet");
  } else {
    const s = parseIPv4(start);
    const e = parseIPv4(end);
    const check = (v: number | undefined, text: string, which: string): boolean => {
      const p = `${dp}/range/${which}`;
      if (v === undefined) ctx.emit(so, "vpc.dhcp.range", p, `DHCP range ${which} "${text}" is not a valid IPv4 address`);
      else if (c && !cidrContainsAddr(c, v)) ctx.emit(so, "vpc.dhcp.range", p, `DHCP range ${which} ${text} is outside subnet ${formatCidr(c)}`);
      else if (c && v === c.network) ctx.emit(so, "vpc.dhcp.range", p, `DHCP range ${which} ${text} is the network address: start at ${formatIPv4(c.network + 2)} or later`);
      else if (gw !== undefined && v === gw) ctx.emit(so, "vpc.dhcp.range", p, `DHCP range ${which} ${text} is the gateway address: exclude the gateway from the range`);
      else return true;
      return false;
    };
    const okS = check(s, start, "start");
    const okE = check(e, end, "end");
    if (okS && okE && s !== undefined && e !== undefined && s >= e) ctx.emit(so, "vpc.dhcp.range", dp + "/range/end", `DHCP range end ${end} must be after start ${start}`);
  }
  const op = dp + "/options";
  for (const key of ["dnsServers", "timeServers"] as const) {
    asArr(options[key]).forEach((v, i) => {
      if (parseIPv4(asStr(v)) === undefined) ctx.emit(so, "vpc.dhcp.options", `${op}/${key}/${i}`, `${key} entry "${asStr(v)}" is not a valid IPv4 address`);
    });
  }
  const mtu = asNum(options.interfaceMTU);
  if (mtu !== 0 && (mtu < 96 || mtu > 9036)) ctx.emit(so, "vpc.dhcp.options", op + "/interfaceMTU", `interfaceMTU ${mtu} is out of range: use 96–9036`);
  const lease = options.leaseTimeSeconds;
  if (typeof lease === "number" && lease < 0) ctx.emit(so, "vpc.dhcp.options", op + "/leaseTimeSeconds", `leaseTimeSeconds ${lease} must be at least 1`);
  asArr(options.advertisedRoutes).forEach((r, i) => {
    const route = asObj(r);
    const rp = `${op}/advertisedRoutes/${i}`;
    if (!parseCidr(asStr(route.destination))) ctx.emit(so, "vpc.dhcp.options", rp + "/destination", `advertised route destination "${asStr(route.destination)}" is not a valid prefix`);
    const g = parseIPv4(asStr(route.gateway));
    if (g === undefined) ctx.emit(so, "vpc.dhcp.options", rp + "/gateway", `advertised route gateway "${asStr(route.gateway)}" is not a valid IPv4 address`);
    else if (c && !cidrContainsAddr(c, g)) ctx.emit(so, "vpc.dhcp.options", rp + "/gateway", `advertised route gateway ${asStr(route.gateway)} is outside subnet ${formatCidr(c)}`);
  });
  const macs = new Set<string>();
  for (const [mac, v] of statics) {
    const sp = `${dp}/static/${mac}`;
    const norm = mac.toLowerCase().replace(/-/g, ":");
    if (!MAC_RE.test(mac)) ctx.emit(so, "vpc.dhcp.static", sp, `"${mac}" is not a valid MAC address: write it like 0c:20:12:fe:01:00`);
    else if (macs.has(norm)) ctx.emit(so, "vpc.dhcp.static", sp, `MAC ${mac} has more than one static lease: keep one IP per MAC`);
    macs.add(norm);
    const ipText = asStr(asObj(v).ip);
    const ip = parseIPv4(ipText);
    if (ip === undefined) ctx.emit(so, "vpc.dhcp.static", sp + "/ip", `static lease IP "${ipText}" is not a valid IPv4 address`);
    else if (c && !cidrContainsAddr(c, ip)) ctx.emit(so, "vpc.dhcp.static", sp + "/ip", `static lease IP ${ipText} is outside subnet ${formatCidr(c)}`);
    else if (c && (ip === c.network || ip === c.broadcast || ip === gw)) ctx.emit(so, "vpc.dhcp.static", sp + "/ip", `static lease IP ${ipText} is the network, broadcast or gateway address: pick another host`);
  }
}

export function validateIPv4Namespaces(ctx: Ctx, pc: ParsedConfig): void {
  for (const so of ctx.of("IPv4Namespace")) {
    const subnets = asArr(specOf(so.object).subnets);
    if (subnets.length > MAX_IPV4NS_SUBNETS) ctx.emit(so, "ipns.subnets.count", "/spec/subnets", `an IPv4Namespace has at most ${MAX_IPV4NS_SUBNETS} subnets, this one has ${subnets.length}: merge or split them`);
    const iv: Array<Interval<number>> = [];
    subnets.forEach((s, i) => {
      const text = asStr(s);
      const c = parseCidr(text);
      const p = ptr("spec", "subnets", i);
      if (!c) {
        ctx.emit(so, "ipns.subnet.cidr", p, `"${text}" is not a valid IPv4 prefix: write it like 10.0.0.0/16`);
        return;
      }
      const r = reservedOverlap(pc, c);
      if (r) ctx.emit(so, "ipns.subnet.reserved", p, `${text} overlaps the fabric's reserved subnet ${r}: pick a range outside it`);
      iv.push({ from: c.network, to: c.broadcast, owner: i });
    });
    for (const { a, b } of findOverlaps(iv)) {
      ctx.emit(so, "ipns.subnet.overlap", ptr("spec", "subnets", b.owner), `${asStr(subnets[b.owner])} overlaps ${asStr(subnets[a.owner])}: make the namespace's subnets disjoint`);
    }
  }
}

export function validateVPCAttachments(ctx: Ctx): void {
  const conns = connInfos(ctx);
  const perConn = new Map<string, { subnets: Map<string, string>; native?: string }>();
  for (const so of ctx.of("VPCAttachment")) {
    const spec = specOf(so.object);
    const name = asStr(so.object.metadata?.name);
    const subnetRef = asStr(spec.subnet);
    const connName = asStr(spec.connection);
    const nativeVLAN = spec.nativeVLAN === true;
    const p2p = so.object.metadata?.annotations?.["fabric.githedgehog.com/p2p-link"];
    if (p2p !== undefined) {
      const c = parseCidr(p2p);
      if (!c || c.prefix !== 31) ctx.emit(so, "vpcattach.p2p-link", "/metadata/annotations/fabric.githedgehog.com~1p2p-link", `p2p-link "${p2p}" must be an IPv4 /31 such as 10.0.0.0/31`);
    }
    const parts = subnetRef.split("/");
    let vpcSo: SourcedObject | undefined;
    let sub: Obj | undefined;
    if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
      ctx.emit(so, "vpcattach.subnet.format", "/spec/subnet", `subnet "${subnetRef}" must be <vpc>/<subnet>, e.g. vpc-1/default`);
    } else {
      vpcSo = ctx.get("VPC", parts[0]);
      if (!vpcSo) ctx.emit(so, "vpcattach.vpc.missing", "/spec/subnet", `VPC "${parts[0]}" does not exist: define it or fix spec.subnet`);
      else {
        sub = vpcSubnets(vpcSo).find(([k]) => k === parts[1])?.[1];
        if (!sub) ctx.emit(so, "vpcattach.subnet.missing", "/spec/subnet", `VPC "${parts[0]}" has no subnet "${parts[1]}": use one of ${vpcSubnets(vpcSo).map(([k]) => k).join(", ")}`);
      }
    }
    const conn = connName ? conns.get(connName) : undefined;
    if (connName && !conn) ctx.emit(so, "vpcattach.connection.missing", "/spec/connection", `Connection "${connName}" does not exist: define it or fix spec.connection`);

    if (conn) {
      let pc = perConn.get(connName);
      if (!pc) perConn.set(connName, (pc = { subnets: new Map() }));
      const prev = pc.subnets.get(subnetRef);
      if (prev !== undefined) ctx.emit(so, "vpcattach.duplicate", "/spec/subnet", `subnet ${subnetRef} is already attached to connection ${connName} by "${prev}": remove this attachment`);
      else pc.subnets.set(subnetRef, name);
      if (nativeVLAN) {
        if (pc.native !== undefined) ctx.emit(so, "vpcattach.native-vlan", "/spec/nativeVLAN", `connection ${connName} already has a nativeVLAN attachment ("${pc.native}"): only one attachment per connection can be native`);
        else pc.native = name;
      }
      const type = conn.type;
      if (type !== "unbundled" && type !== "bundled" && type !== "eslag") {
        ctx.emit(so, "vpcattach.connection.type", "/spec/connection", `connection ${connName} is ${type === "mclag" ? "an MCLAG connection (deprecated)" : `of type ${type ?? "unknown"}`}: VPCs can be attached only to unbundled, bundled or ESLAG connections`);
        continue;
      }
      if (!vpcSo || !sub) continue;
      const mode = vpcMode(vpcSo);
      const hostBGP = sub.hostBGP === true;
      if (type === "eslag" && mode !== "") ctx.emit(so, "vpcattach.eslag-mode", "/spec/connection", `ESLAG connection ${connName} requires an L2VNI VPC, but VPC ${parts[0]} is ${MODE_NAMES[mode] ?? mode}: attach over an unbundled or bundled connection`);
      if (hostBGP && type !== "unbundled") ctx.emit(so, "vpcattach.hostbgp", "/spec/connection", `hostBGP subnet ${subnetRef} can only be attached over unbundled connections, ${connName} is ${type}`);
      if (hostBGP && nativeVLAN) ctx.emit(so, "vpcattach.hostbgp", "/spec/nativeVLAN", "nativeVLAN is not allowed for hostBGP subnets: remove it");
      const vlanns = vpcVlanNs(vpcSo);
      for (const swName of conn.switches) {
        const sw = ctx.get("Switch", swName);
        if (!sw) continue; // reported on the Connection
        const swSpec = specOf(sw.object);
        const nss = asArr(swSpec.vlanNamespaces).map(asStr);
        if (!nss.includes(vlanns)) ctx.emit(so, "vpcattach.switch.vlanns", "/spec/subnet", `switch ${swName} does not list VLANNamespace "${vlanns}" of VPC ${parts[0]}: add it to the switch's spec.vlanNamespaces`);
        if (hostBGP && asStr(asObj(swSpec.redundancy).type) === "mclag") ctx.emit(so, "vpcattach.hostbgp", "/spec/connection", `hostBGP subnet ${subnetRef} cannot attach to MCLAG switch ${swName}`);
        const profile = getRegisteredProfile(asStr(swSpec.profile), ctx.cfg);
        if (!profile) continue; // reported on the Switch
        const f = profile.features;
        const ok = mode === "" ? f.l2vni && f.l3vni : f.l3vni;
        if (!ok) ctx.emit(so, "vpcattach.mode-unsupported", "/spec/subnet", `switch ${swName} (profile ${profile.name}) does not support ${MODE_NAMES[mode] ?? mode} VPCs: ${mode === "" ? "use an l3vni VPC or another switch" : "attach to another switch"}`);
      }
    }
  }
}

export function validateVPCPeerings(ctx: Ctx): void {
  for (const so of ctx.of("VPCPeering")) {
    const spec = specOf(so.object);
    if (ctx.cfg.vpcPeeringDisabled === true) ctx.emit(so, "vpcpeer.disabled", "/spec", "VPC peering is not allowed in this fabric (vpcPeeringDisabled): remove the peering");
    const remote = spec.remote;
    if (typeof remote === "string" && remote !== "") ctx.emit(so, "vpcpeer.remote", "/spec/remote", "the remote field is deprecated and no longer supported: remove it");
    const permit = asArr(spec.permit);
    const all = new Set<string>();
    let shapeOk = true;
    permit.forEach((e, i) => {
      const keys = isObj(e) ? Object.keys(e) : [];
      if (keys.length !== 2) {
        shapeOk = false;
        ctx.emit(so, "vpcpeer.permit", ptr("spec", "permit", i), `each permit entry must name exactly 2 VPCs, found ${keys.length}: write {vpc-1: {}, vpc-2: {}}`);
      }
      keys.forEach((k) => all.add(k));
    });
    if (shapeOk && all.size !== 2) ctx.emit(so, "vpcpeer.permit", "/spec/permit", `a peering connects exactly 2 VPCs, found ${all.size} (${[...all].join(", ")}): use one VPCPeering per VPC pair`);
    if (all.size !== 2) continue;
    const vpcs = [...all].map((n) => [n, ctx.get("VPC", n)] as const);
    let allExist = true;
    for (const [n, v] of vpcs) {
      if (!v) {
        allExist = false;
        ctx.emit(so, "vpcpeer.vpc.missing", "/spec/permit", `VPC "${n}" does not exist: define it or fix the peering`);
      }
    }
    if (!allExist) continue;
    const [a, b] = vpcs.map(([, v]) => v as SourcedObject);
    if (vpcIPv4Ns(a) !== vpcIPv4Ns(b)) ctx.emit(so, "vpcpeer.namespace-mismatch", "/spec/permit", `VPCs ${vpcs[0][0]} and ${vpcs[1][0]} are in different IPv4Namespaces (${vpcIPv4Ns(a)}, ${vpcIPv4Ns(b)}): only VPCs in the same namespace can peer`);
    if (vpcVlanNs(a) !== vpcVlanNs(b)) ctx.emit(so, "vpcpeer.namespace-mismatch", "/spec/permit", `VPCs ${vpcs[0][0]} and ${vpcs[1][0]} are in different VLANNamespaces (${vpcVlanNs(a)}, ${vpcVlanNs(b)}): only VPCs in the same namespace can peer`);
    permit.forEach((e, i) => {
      for (const [vpcName, v] of Object.entries(asObj(e))) {
        const vpcSo = ctx.get("VPC", vpcName);
        if (!vpcSo) continue;
        const names = new Set(vpcSubnets(vpcSo).map(([k]) => k));
        asArr(asObj(v).subnets).forEach((s, j) => {
          if (!names.has(asStr(s))) ctx.emit(so, "vpcpeer.subnet.missing", ptr("spec", "permit", i, vpcName, "subnets", j), `VPC ${vpcName} has no subnet "${asStr(s)}": use one of ${[...names].join(", ")}`);
        });
      }
    });
  }
}

