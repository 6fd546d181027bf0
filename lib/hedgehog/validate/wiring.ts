/** §4: Connection, Switch, VLANNamespace (plus the Switch hydration checks of §4.2 rule 9). */
import { cidrContainsAddr, findOverlaps, formatCidr, formatIPv4, isCanonical, parseCidr, parseIPv4, type Cidr, type Interval } from "../ip";
import { allowedPorts, basePortName, getRegisteredProfile, getSwitchProfile, logicalPortCount, type SwitchProfile } from "../catalog";
import { appendPointer } from "../pointer";
import { asArr, asNum, asObj, asStr, ptr, specOf, type Ctx } from "./context";
import { connInfo, connInfos, reservedOverlap, vlanRangesOf, type ConnInfo, type ParsedConfig } from "./common";
import type { SourcedObject } from "../types";

const ROLES = ["spine", "server-leaf", "border-leaf", "mixed-leaf"];

/** Switch-level facts needed by several rules, computed once. */
interface SwitchFacts {
  so: SourcedObject;
  profile?: SwitchProfile;
  allowed?: Set<string>;
}

function switchFacts(ctx: Ctx): Map<string, SwitchFacts> {
  const m = new Map<string, SwitchFacts>();
  for (const so of ctx.of("Switch")) {
    const name = asStr(so.object.metadata?.name);
    if (m.has(name)) continue;
    const spec = specOf(so.object);
    const profile = getRegisteredProfile(asStr(spec.profile), ctx.cfg);
    m.set(name, { so, profile, allowed: profile ? allowedPorts(profile, asObj(spec.portBreakouts)) : undefined });
  }
  return m;
}

/** The fabric's port-usage key: `leaf/E1/4` and `leaf/E1/4/1` are the same port. */
function usageKey(full: string): string {
  let slashes = 0;
  for (let i = 0; i < full.length; i++) if (full.charCodeAt(i) === 47) slashes++;
  return slashes === 2 ? full + "/1" : full;
}

export function validateConnections(ctx: Ctx, pc: ParsedConfig): void {
  const infos = connInfos(ctx);
  const switches = switchFacts(ctx);
  const portUse = new Map<string, string>();
  const linkIPs = new Map<number, string>();
  const fabricSubnet = parseCidr(ctx.cfg.fabricSubnet);
  const maxMTU = ctx.cfg.fabricMTU - ctx.cfg.serverFacingMTUOffset;

  for (const so of ctx.of("Connection")) {
    const cached = infos.get(asStr(so.object.metadata?.name));
    const ci: ConnInfo = cached?.so === so ? cached : connInfo(so);
    const spec = specOf(so.object);
    if (ci.types.includes("mclag") || ci.types.includes("mclagDomain")) {
      ctx.emit(so, "connection.mclag.deprecated", `/spec/${ci.types.includes("mclag") ? "mclag" : "mclagDomain"}`, "MCLAG is deprecated and no longer supported: this connection is skipped by validation and cannot carry VPCs; migrate to ESLAG");
      continue;
    }
    for (const t of ["unbundled", "bundled"] as const) {
      const mtu = asNum(asObj(spec[t]).mtu);
      if (mtu > maxMTU) ctx.emit(so, "connection.mtu", `/spec/${t}/mtu`, `server-facing MTU ${mtu} exceeds fabric MTU ${ctx.cfg.fabricMTU} − offset ${ctx.cfg.serverFacingMTUOffset} = ${maxMTU}: lower it to ${maxMTU} or less`);
    }
    if (!endpointsOk(ctx, ci)) continue;
    if (ci.type === "staticExternal") staticExternal(ctx, pc, ci);

    // cross-object references
    let refsOk = true;
    for (const e of ci.endpoints) {
      if (e.role === "switch" && !switches.has(e.device)) {
        if (!ci.endpoints.some((x) => x.role === "switch" && x.device === e.device && x !== e && ci.endpoints.indexOf(x) < ci.endpoints.indexOf(e))) {
          ctx.emit(so, "connection.switch.missing", e.path, `switch "${e.device}" does not exist: define the Switch or fix the port ${e.full}`);
        }
        refsOk = false;
      } else if (e.role === "server" && !ctx.get("Server", e.device)) {
        if (!ci.endpoints.some((x) => x.role === "server" && x.device === e.device && ci.endpoints.indexOf(x) < ci.endpoints.indexOf(e))) {
          ctx.emit(so, "connection.server.missing", e.path, `server "${e.device}" does not exist: define the Server or fix the port ${e.full}`);
        }
        refsOk = false;
      }
    }
    for (const gw of ci.gateways) {
      const g = ctx.get("Gateway", gw);
      const e = ci.endpoints.find((x) => x.role === "gateway" && x.device === gw);
      if (!g) {
        ctx.emit(so, "connection.gateway.missing", e?.path ?? "/spec/gateway", `gateway "${gw}" is not defined in this set: add the Gateway object (gateway.githedgehog.com/v1alpha1) before hydrating or building`);
        continue;
      }
      const ifaces = asObj(specOf(g.object).interfaces);
      if (Object.keys(ifaces).length > 0) {
        for (const x of ci.endpoints) {
          if (x.role === "gateway" && x.device === gw && !(x.port in ifaces)) {
            ctx.emit(so, "connection.gateway.port", x.path, `gateway ${gw} has no interface "${x.port}": use one of ${Object.keys(ifaces).join(", ")}`);
          }
        }
      }
    }
    if (ci.type === "staticExternal") {
      const within = asStr(asObj(spec.staticExternal).withinVPC);
      if (within && !ctx.get("VPC", within)) ctx.emit(so, "connection.within-vpc.missing", "/spec/staticExternal/withinVPC", `withinVPC "${within}" does not exist: define the VPC or fix the name`);
    }

    // port usage and link IPs are registered for every connection, reported only for connections whose devices exist
    for (const e of ci.endpoints) {
      const key = usageKey(e.full);
      const prev = portUse.get(key);
      if (prev === undefined) portUse.set(key, ci.name);
      else if (prev !== ci.name && refsOk) ctx.emit(so, "connection.port.in-use", e.path, `port ${e.full} is already used by connection ${prev}: use a free port`);
    }
    const linkFindings: Array<[string, string]> = [];
    for (const l of ci.linkIPs) {
      const aSet = l.a.ip !== "";
      const bSet = l.b.ip !== "";
      if (aSet !== bSet) {
        linkFindings.push([aSet ? l.b.path : l.a.path, `link ${l.index} has an IP only on the ${aSet ? l.a.side : l.b.side} side: set ${ci.type === "gateway" ? "both" : "both ends (numbered) or neither (unnumbered)"}`]);
        continue;
      }
      if (!aSet) continue;
      const parsed: Array<Cidr | undefined> = [];
      for (const side of [l.a, l.b]) {
        const c = parseCidr(side.ip);
        parsed.push(c);
        if (!c || c.prefix !== 31) {
          linkFindings.push([side.path, `${side.side} IP "${side.ip}" must be a /31 such as 172.30.128.0/31`]);
          continue;
        }
        if (fabricSubnet && !cidrContainsAddr(fabricSubnet, c.addr)) linkFindings.push([side.path, `${side.side} IP ${side.ip} is not in the fabric subnet ${ctx.cfg.fabricSubnet}: use an address from it`]);
        const prev = linkIPs.get(c.addr);
        if (prev !== undefined) {
          if (refsOk) ctx.emit(so, "connection.link-ip.duplicate", side.path, `${side.side} IP ${formatIPv4(c.addr)} is already used by connection ${prev}: pick a free /31`);
        } else linkIPs.set(c.addr, ci.name);
      }
      const [ca, cb] = parsed;
      if (ca && cb && ca.prefix === 31 && cb.prefix === 31 && ca.network !== cb.network) {
        linkFindings.push([l.b.path, `${l.a.side} IP ${l.a.ip} and ${l.b.side} IP ${l.b.ip} are not in the same /31: use the two addresses of one /31`]);
      }
    }
    if (!refsOk) continue;
    for (const [p, m] of linkFindings) ctx.emit(so, "connection.link-ip", p, m);

    // ESLAG redundancy
    if (ci.type === "eslag") {
      let group = "";
      let type = "";
      let mixed = false;
      for (const swName of ci.switches) {
        const r = asObj(specOf((switches.get(swName) as SwitchFacts).so.object).redundancy);
        const g = asStr(r.group);
        const t = asStr(r.type);
        if (g && group && g !== group) mixed = true;
        if (t && type && t !== type) mixed = true;
        group ||= g;
        type ||= t;
      }
      if (mixed) ctx.emit(so, "connection.eslag.redundancy", "/spec/eslag/links", `all switches of an ESLAG connection must be in the same redundancy group and type: put ${ci.switches.join(", ")} in one ESLAG group`);
      else if (group === "") ctx.emit(so, "connection.eslag.redundancy", "/spec/eslag/links", `switches ${ci.switches.join(", ")} have no redundancy group: set spec.redundancy {group, type: eslag} on each`);
      else if (type !== "eslag") ctx.emit(so, "connection.eslag.redundancy", "/spec/eslag/links", `switches of ESLAG connection must have redundancy type eslag, found ${type || "none"}`);
    }

    // ports against profiles
    for (const e of ci.endpoints) {
      if (e.role !== "switch") continue;
      const f = switches.get(e.device);
      if (!f?.allowed || !f.profile) continue;
      if (!f.allowed.has(e.port)) {
        const base = f.profile.portByName.get(basePortName(e.port));
        const hint = base?.type === "breakout" ? ` (port ${base.name} is a breakout port; set spec.portBreakouts on ${e.device} for more sub-ports)` : "";
        ctx.emit(so, "connection.port.unknown", e.path, `port ${e.port} is not allowed for switch ${e.device} (profile ${f.profile.name})${hint}: use a port the profile has, like E1/1`);
      }
    }
  }
}

function endpointsOk(ctx: Ctx, ci: ConnInfo): boolean {
  const so = ci.so;
  const err = (path: string, msg: string): false => {
    ctx.emit(so, "connection.endpoints", path, msg);
    return false;
  };
  if (ci.types.length !== 1) return err("/spec", ci.types.length === 0 ? "no connection type set: set exactly one of unbundled, bundled, eslag, fabric, mesh, gateway, vpcLoopback, external, staticExternal" : `exactly one connection type must be set, found ${ci.types.join(", ")}`);
  for (const e of ci.endpoints) {
    if (e.device === "" || e.port === "") return err(e.path, `port "${e.full}" must be written as <device>/<port>, e.g. leaf-01/E1/1`);
  }
  const t = ci.type as string;
  const nsw = ci.switches.length;
  const nsv = ci.servers.length;
  const links = ci.endpoints.length;
  const unique = new Set(ci.endpoints.map((e) => e.full)).size;
  const base = `/spec/${t}`;
  if (t === "unbundled" || t === "bundled") {
    if (nsw !== 1) return err(base, `one switch must be used for a ${t} connection, found ${nsw}`);
    if (nsv !== 1) return err(base, `one server must be used for a ${t} connection, found ${nsv}`);
  } else if (t === "eslag") {
    if (nsw < 1 || nsw > 4) return err(base, `an ESLAG connection uses 1 to 4 switches, found ${nsw}`);
    if (nsv !== 1) return err(base, `one server must be used for an ESLAG connection, found ${nsv}`);
  } else if (t === "fabric" || t === "mesh") {
    if (nsw !== 2) return err(base, `two switches must be used for a ${t} connection (one pair per Connection), found ${nsw}`);
  } else if (t === "gateway" || t === "vpcLoopback") {
    if (nsw !== 1) return err(base, `one switch must be used for a ${t} connection, found ${nsw}`);
  }
  if (unique !== links) return err(base, `all ports of a ${t} connection must be distinct: a port is listed twice`);
  return true;
}

function staticExternal(ctx: Ctx, pc: ParsedConfig, ci: ConnInfo): void {
  const so = ci.so;
  const sw = asObj(asObj(asObj(specOf(so.object).staticExternal).link).switch);
  const base = "/spec/staticExternal/link/switch";
  const ipText = asStr(sw.ip);
  const ip = parseCidr(ipText);
  if (!ip) ctx.emit(so, "connection.static-external", base + "/ip", `ip "${ipText}" must be a CIDR such as 172.30.50.5/24`);
  const nh = asStr(sw.nextHop);
  const nhv = parseIPv4(nh);
  if (nhv === undefined) ctx.emit(so, "connection.static-external", base + "/nextHop", `nextHop "${nh}" is not a valid IPv4 address`);
  else if (ip && !cidrContainsAddr(ip, nhv)) ctx.emit(so, "connection.static-external", base + "/nextHop", `nextHop ${nh} is not in ${formatCidr(ip)}: use an address of the switch port's subnet`);
  const subnets = asArr(sw.subnets).map(asStr);
  const iv: Array<Interval<number>> = [];
  subnets.forEach((s, i) => {
    const p = ptr("spec", "staticExternal", "link", "switch", "subnets", i);
    const c = parseCidr(s);
    if (!c) return ctx.emit(so, "connection.static-external", p, `subnet "${s}" is not a valid prefix`);
    if (s === "0.0.0.0/0") {
      if (subnets.length > 1) ctx.emit(so, "connection.static-external", p, "the default route 0.0.0.0/0 must be the only subnet: remove the others");
      return;
    }
    if (!isCanonical(c)) return ctx.emit(so, "connection.static-external", p, `subnet ${s} has host bits set: use ${formatCidr(c)}`);
    const r = reservedOverlap(pc, c);
    if (r) ctx.emit(so, "connection.static-external", p, `subnet ${s} overlaps the fabric's reserved subnet ${r}`);
    iv.push({ from: c.network, to: c.broadcast, owner: i });
  });
  for (const { a, b } of findOverlaps(iv)) ctx.emit(so, "connection.static-external", ptr("spec", "staticExternal", "link", "switch", "subnets", b.owner), `subnet ${subnets[b.owner]} overlaps ${subnets[a.owner]}`);
}

export function validateVLANNamespaces(ctx: Ctx, pc: ParsedConfig): void {
  for (const so of ctx.of("VLANNamespace")) {
    asArr(specOf(so.object).ranges).forEach((x, i) => {
      const r = asObj(x);
      const from = asNum(r.from);
      const to = r.to === undefined || r.to === 0 ? from : asNum(r.to);
      const p = ptr("spec", "ranges", i);
      if (from < 1 || from > 4094 || to < 1 || to > 4094) return ctx.emit(so, "vlanns.range", p, `range ${from}-${to} must be within 1–4094`);
      if (from > to) return ctx.emit(so, "vlanns.range", p, `range ${from}-${to} has from greater than to: swap them`);
      if (pc.irb.intersects(from, to)) ctx.emit(so, "vlanns.reserved", p, `range ${from}-${to} overlaps the fabric's reserved IRB VLANs (${fmtRanges(ctx.cfg.vpcIRBVLANs)}): ranges overlap with Fabric reserved VLANs, use e.g. 1000-2999`);
      else if (pc.th5.intersects(from, to)) ctx.emit(so, "vlanns.reserved", p, `range ${from}-${to} overlaps the fabric's reserved TH5 workaround VLANs (${fmtRanges(ctx.cfg.th5WorkaroundVLANs)}): use e.g. 1000-2999`);
    });
  }
}

const fmtRanges = (rs: Array<{ from: number; to: number }>): string => rs.map((r) => `${r.from}-${r.to}`).join(", ");

export function validateSwitches(ctx: Ctx): void {
  const all = ctx.of("Switch");
  const cfg = ctx.cfg;
  // hydration: all or nothing
  const isLeaf = (so: SourcedObject): boolean => asStr(specOf(so.object).role) !== "spine";
  const missingOf = (so: SourcedObject): string[] => {
    const s = specOf(so.object);
    const miss: string[] = [];
    if (asNum(s.asn) === 0) miss.push("asn");
    if (asStr(s.ip) === "") miss.push("ip");
    if (asStr(s.protocolIP) === "") miss.push("protocolIP");
    if (isLeaf(so) && asStr(s.vtepIP) === "") miss.push("vtepIP");
    return miss;
  };
  let present = 0;
  const missingBySwitch = new Map<SourcedObject, string[]>();
  for (const so of all) {
    const miss = missingOf(so);
    missingBySwitch.set(so, miss);
    present += (isLeaf(so) ? 4 : 3) - miss.length;
  }
  const hydrated = present > 0;

  const mgmt = parseCidr(cfg.managementSubnet);
  const vip = parseCidr(cfg.controlVIP);
  const dhcpStart = cfg.managementDHCPStart ? parseIPv4(cfg.managementDHCPStart) : undefined;
  const proto = parseCidr(cfg.protocolSubnet);
  const vtep = parseCidr(cfg.vtepSubnet);
  const mgmtIPs = new Map<number, string>();
  if (vip) mgmtIPs.set(vip.addr, "the control VIP");
  const protoIPs = new Map<number, string>();
  for (const g of ctx.of("Gateway")) {
    const c = parseCidr(asStr(specOf(g.object).protocolIP));
    if (c) protoIPs.set(c.addr, `gateway ${asStr(g.object.metadata?.name)}`);
  }
  const vtepIPs = new Map<number, SourcedObject>();
  const leafASNs = new Map<number, SourcedObject>();
  const mclagPeers = (a: SourcedObject, b: SourcedObject): boolean => {
    const ra = asObj(specOf(a.object).redundancy);
    const rb = asObj(specOf(b.object).redundancy);
    return asStr(ra.type) === "mclag" && asStr(rb.type) === "mclag" && asStr(ra.group) !== "" && asStr(ra.group) === asStr(rb.group);
  };

  for (const so of all) {
    const spec = specOf(so.object);
    const name = asStr(so.object.metadata?.name);
    const role = asStr(spec.role);
    if (!ROLES.includes(role)) ctx.emit(so, "switch.role", "/spec/role", `role "${role}" is not supported: use one of ${ROLES.join(", ")}`);
    if (role === "spine" && asStr(spec.vtepIP) !== "") ctx.emit(so, "switch.vtep", "/spec/vtepIP", "spines must not have a vtepIP: remove it");

    const miss = missingBySwitch.get(so) ?? [];
    if (hydrated && miss.length > 0) {
      ctx.emit(so, "switch.hydration", `/spec/${miss[0]}`, `the wiring is partially hydrated: ${miss.join(", ")} ${miss.length === 1 ? "is" : "are"} missing here while other switches have values; set them or remove all hydrated values and let hhfab allocate them`);
    }

    // redundancy
    const red = asObj(spec.redundancy);
    const rg = asStr(red.group);
    const rt = asStr(red.type);
    if (rg !== "" && rt === "") ctx.emit(so, "switch.redundancy", "/spec/redundancy/type", `redundancy group "${rg}" needs a type: set redundancy.type: eslag`);
    else if (rg === "" && rt !== "") ctx.emit(so, "switch.redundancy", "/spec/redundancy/group", `redundancy type ${rt} needs a group: set redundancy.group to a SwitchGroup name`);
    if (rt !== "" && rt !== "eslag" && rt !== "mclag") ctx.emit(so, "switch.redundancy", "/spec/redundancy/type", `redundancy type "${rt}" is not supported: use eslag`);
    if (rt === "mclag") ctx.emit(so, "switch.mclag.deprecated", "/spec/redundancy/type", "MCLAG redundancy is deprecated and no longer supported: migrate to ESLAG");

    // groups
    const groups = asArr(spec.groups).map(asStr);
    groups.forEach((g, i) => {
      if (g === "") ctx.emit(so, "switch.group.missing", ptr("spec", "groups", i), "group names must not be empty");
      else if (!ctx.get("SwitchGroup", g)) ctx.emit(so, "switch.group.missing", ptr("spec", "groups", i), `SwitchGroup "${g}" does not exist: define it or remove it from spec.groups`);
    });
    if (rg !== "" && !groups.includes(rg) && !ctx.get("SwitchGroup", rg)) ctx.emit(so, "switch.group.missing", "/spec/redundancy/group", `SwitchGroup "${rg}" does not exist: define a SwitchGroup named ${rg}`);

    // VLAN namespaces
    const nss = asArr(spec.vlanNamespaces).map(asStr);
    const nsObjs: Array<[string, SourcedObject, number]> = [];
    nss.forEach((n, i) => {
      const o = ctx.get("VLANNamespace", n);
      if (!o) ctx.emit(so, "switch.vlanns.missing", ptr("spec", "vlanNamespaces", i), `VLANNamespace "${n}" does not exist: define it or remove it from spec.vlanNamespaces`);
      else nsObjs.push([n, o, i]);
    });
    for (let i = 0; i < nsObjs.length; i++) {
      for (let j = 0; j < i; j++) {
        if (nsObjs[i][0] !== nsObjs[j][0] && vlanNsOverlap(nsObjs[i][1], nsObjs[j][1])) {
          ctx.emit(so, "switch.vlanns.overlap", ptr("spec", "vlanNamespaces", nsObjs[i][2]), `VLANNamespaces ${nsObjs[j][0]} and ${nsObjs[i][0]} overlap: a switch's VLANNamespaces must be disjoint`);
        }
      }
    }

    // profile
    const profileName = asStr(spec.profile);
    const profile = getRegisteredProfile(profileName, cfg);
    if (!profile) {
      const known = getSwitchProfile(profileName);
      ctx.emit(
        so,
        "switch.profile.unknown",
        "/spec/profile",
        known?.requires === "includeCumulus"
          ? `switch profile ${profileName} is not registered in this fabric: set includeCumulus: true in fab.yaml (spec.config.fabric) to use it`
          : `switch profile "${profileName}" does not exist: use a catalog profile such as celestica-ds3000, dell-s5248f-on or vs`,
      );
    } else {
      portSettings(ctx, so, profile);
      const f = profile.features;
      if (spec.roce === true && !f.roce) ctx.emit(so, "switch.feature", "/spec/roce", `profile ${profile.name} does not support RoCE: remove spec.roce`);
      if (asObj(spec.ecmp).roceQPN === true && !f.ecmpRoCEQPN) ctx.emit(so, "switch.feature", "/spec/ecmp/roceQPN", `profile ${profile.name} does not support ECMP RoCE QPN hashing: remove spec.ecmp.roceQPN`);
      if (rt === "eslag" && !f.eslag) ctx.emit(so, "switch.feature", "/spec/redundancy/type", `profile ${profile.name} does not support ESLAG: remove the redundancy or use another switch`);
      capacity(ctx, so, profile);
    }

    if (!hydrated) continue;
    // management IP
    const ipText = asStr(spec.ip);
    if (ipText !== "") {
      const c = parseCidr(ipText);
      if (!c) ctx.emit(so, "switch.ip.management", "/spec/ip", `management ip "${ipText}" must be an address with prefix length, e.g. 172.30.0.8/21`);
      else if (mgmt && !cidrContainsAddr(mgmt, c.addr)) ctx.emit(so, "switch.ip.management", "/spec/ip", `management ip ${ipText} is not in the management subnet ${cfg.managementSubnet}: use an address from it (or set the fab.yaml managementSubnet)`);
      else if (dhcpStart !== undefined && c.addr >= dhcpStart) ctx.emit(so, "switch.ip.management", "/spec/ip", `management ip ${ipText} is not below the management DHCP start ${cfg.managementDHCPStart}: use a lower address`);
      else {
        const prev = mgmtIPs.get(c.addr);
        if (prev !== undefined) ctx.emit(so, prev === "the control VIP" ? "switch.ip.management" : "switch.ip.duplicate", "/spec/ip", `management ip ${formatIPv4(c.addr)} is already used by ${prev}: pick a free address`);
        else mgmtIPs.set(c.addr, `switch ${name}`);
      }
    }
    const pText = asStr(spec.protocolIP);
    if (pText !== "") {
      const c = parseCidr(pText);
      if (!c || c.prefix !== 32) ctx.emit(so, "switch.protocol-ip", "/spec/protocolIP", `protocolIP "${pText}" must be a /32 such as 172.30.8.2/32`);
      else if (proto && !cidrContainsAddr(proto, c.addr)) ctx.emit(so, "switch.protocol-ip", "/spec/protocolIP", `protocolIP ${pText} is not in the protocol subnet ${cfg.protocolSubnet}`);
      else {
        const prev = protoIPs.get(c.addr);
        if (prev !== undefined) ctx.emit(so, "switch.protocol-ip.duplicate", "/spec/protocolIP", `protocolIP ${pText} is already used by ${prev}: pick a free address`);
        else protoIPs.set(c.addr, `switch ${name}`);
      }
    }
    const vText = asStr(spec.vtepIP);
    if (vText !== "" && role !== "spine") {
      const c = parseCidr(vText);
      if (!c || c.prefix !== 32) ctx.emit(so, "switch.vtep-ip", "/spec/vtepIP", `vtepIP "${vText}" must be a /32 such as 172.30.12.0/32`);
      else if (vtep && !cidrContainsAddr(vtep, c.addr)) ctx.emit(so, "switch.vtep-ip", "/spec/vtepIP", `vtepIP ${vText} is not in the VTEP subnet ${cfg.vtepSubnet}`);
      else {
        const prev = vtepIPs.get(c.addr);
        if (prev && !mclagPeers(prev, so)) ctx.emit(so, "switch.vtep-ip.duplicate", "/spec/vtepIP", `vtepIP ${vText} is already used by switch ${asStr(prev.object.metadata?.name)}: pick a free address`);
        else if (!prev) vtepIPs.set(c.addr, so);
      }
    }
    const asn = asNum(spec.asn);
    if (asn !== 0) {
      if (role === "spine") {
        if (asn !== cfg.spineASN) ctx.emit(so, "switch.asn", "/spec/asn", `spine ASN ${asn} must equal the fabric spine ASN ${cfg.spineASN}`);
      } else if (asn < cfg.leafASNStart || asn > cfg.leafASNEnd) {
        ctx.emit(so, "switch.asn", "/spec/asn", `leaf ASN ${asn} is outside the leaf ASN range ${cfg.leafASNStart}–${cfg.leafASNEnd}`);
      } else {
        const prev = leafASNs.get(asn);
        if (prev && !mclagPeers(prev, so)) ctx.emit(so, "switch.asn.duplicate", "/spec/asn", `leaf ASN ${asn} is already used by switch ${asStr(prev.object.metadata?.name)}: give each leaf its own ASN`);
        else if (!prev) leafASNs.set(asn, so);
      }
    }
  }
}

function vlanNsOverlap(a: SourcedObject, b: SourcedObject): boolean {
  const rb = vlanRangesOf(b);
  for (const x of asArr(specOf(a.object).ranges)) {
    const r = asObj(x);
    const from = asNum(r.from);
    const to = r.to === undefined || r.to === 0 ? from : asNum(r.to);
    if (rb.intersects(from, to)) return true;
  }
  return false;
}

const stripSpeed = (s: string): string => (s.startsWith("SPEED_") ? s.slice(6) : s);

function portSettings(ctx: Ctx, so: SourcedObject, profile: SwitchProfile): void {
  const spec = specOf(so.object);
  const breakouts = asObj(spec.portBreakouts);
  const allowed = allowedPorts(profile, breakouts);
  for (const [g, v] of Object.entries(asObj(spec.portGroupSpeeds))) {
    const p = appendPointer("/spec/portGroupSpeeds", g);
    const group = profile.groups.get(g);
    const speed = stripSpeed(asStr(v));
    if (!group) ctx.emit(so, "switch.port-speed", p, `profile ${profile.name} has no port group "${g}"${profile.groups.size ? `: use one of ${[...profile.groups.keys()].join(", ")}` : ""}`);
    else if (!group.supported.includes(speed)) ctx.emit(so, "switch.port-speed", p, `port group ${g} does not support speed ${speed}: use one of ${group.supported.join(", ")}`);
  }
  for (const [port, v] of Object.entries(asObj(spec.portSpeeds))) {
    const p = appendPointer("/spec/portSpeeds", port);
    const pp = profile.portByName.get(port);
    const speed = stripSpeed(asStr(v));
    if (!pp || pp.type === "management") ctx.emit(so, "switch.port-speed", p, `profile ${profile.name} has no data port ${port}`);
    else if (pp.type === "group") ctx.emit(so, "switch.port-speed", p, `port ${port} is in port group ${pp.group}: set its speed with portGroupSpeeds`);
    else if (pp.type === "breakout") ctx.emit(so, "switch.port-speed", p, `port ${port} is a breakout port without speeds: set its mode with portBreakouts`);
    else if (!pp.supported.includes(speed)) ctx.emit(so, "switch.port-speed", p, `port ${port} does not support speed ${speed}: use one of ${pp.supported.join(", ")}`);
  }
  for (const [port, v] of Object.entries(breakouts)) {
    const p = appendPointer("/spec/portBreakouts", port);
    const pp = profile.portByName.get(port);
    if (!pp || pp.type === "management") ctx.emit(so, "switch.port-breakout", p, `profile ${profile.name} has no data port ${port}`);
    else if (pp.type !== "breakout") ctx.emit(so, "switch.port-breakout", p, `port ${port} does not support breakout`);
    else if (!pp.supported.includes(asStr(v))) ctx.emit(so, "switch.port-breakout", p, `port ${port} does not support breakout mode ${asStr(v)}: use one of ${pp.supported.join(", ")}`);
  }
  for (const port of Object.keys(asObj(spec.portAutoNegs))) {
    const p = appendPointer("/spec/portAutoNegs", port);
    const pp = profile.portByName.get(basePortName(port));
    if (!allowed.has(port) || !pp || pp.type === "management" || !pp.autoNegAllowed || (pp.type === "breakout" && port === pp.name)) {
      ctx.emit(so, "switch.port-autoneg", p, `auto-negotiation is not configurable on port ${port} of profile ${profile.name}: remove it`);
    }
  }
  for (const port of Object.keys(asObj(spec.portFECs))) {
    const p = appendPointer("/spec/portFECs", port);
    const pp = profile.portByName.get(basePortName(port));
    if (!allowed.has(port) || !pp || pp.type === "management" || pp.type === "group" || (pp.type === "breakout" && port === pp.name)) {
      ctx.emit(so, "switch.port-fec", p, `FEC is not configurable on port ${port} of profile ${profile.name}${pp?.type === "breakout" ? `: set it per breakout sub-port (${pp.name}/1 …)` : ""}`);
    }
  }
  const locators = asObj(spec.portLocators);
  const locKeys = Object.keys(locators);
  if (locKeys.length > 0) {
    if (!profile.features.portLocator) ctx.emit(so, "switch.port-locator", "/spec/portLocators", `profile ${profile.name} does not support port locators: remove spec.portLocators`);
    else {
      for (const port of locKeys) {
        if (port !== "*" && !allowed.has(port)) ctx.emit(so, "switch.port-locator", appendPointer("/spec/portLocators", port), `port ${port} does not exist on profile ${profile.name}`);
      }
    }
  }
}

function capacity(ctx: Ctx, so: SourcedObject, profile: SwitchProfile): void {
  if (!profile.maxPorts && profile.pipelines.size === 0) return;
  const breakouts = asObj(specOf(so.object).portBreakouts);
  let total = 0;
  const perPipe = new Map<string, number>();
  for (const p of profile.ports) {
    const n = logicalPortCount(p, breakouts);
    total += n;
    if (p.pipeline) perPipe.set(p.pipeline, (perPipe.get(p.pipeline) ?? 0) + n);
  }
  if (profile.maxPorts && total > profile.maxPorts) ctx.emit(so, "switch.capacity", "/spec/portBreakouts", `breakouts give ${total} ports, more than the ${profile.maxPorts} profile ${profile.name} supports: use fewer or smaller breakouts`);
  for (const [id, n] of perPipe) {
    const pipe = profile.pipelines.get(id);
    if (pipe && n > pipe.maxPorts) ctx.emit(so, "switch.capacity", "/spec/portBreakouts", `pipeline ${id} (ports ${pipe.ports.join(", ")}) would have ${n} ports, more than its maximum ${pipe.maxPorts}: reduce breakouts on those ports`);
  }
}

