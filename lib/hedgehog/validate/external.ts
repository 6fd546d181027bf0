/** §3.4 External, §3.5 ExternalAttachment, §3.6 ExternalPeering. */
import { findOverlaps, parseCidr, parseIPv4, type Interval } from "../ip";
import { asArr, asNum, asObj, asStr, isObj, ptr, specOf, type Ctx, type Obj } from "./context";
import { connInfos, vpcIPv4Ns, vpcSubnets } from "./common";
import type { SourcedObject } from "../types";

const COMMUNITY_RE = /^(\d{1,5}):(\d{1,5})$/;

function validCommunity(s: string): boolean {
  const m = COMMUNITY_RE.exec(s);
  return !!m && Number(m[1]) <= 65535 && Number(m[2]) <= 65535;
}

const isStatic = (so: SourcedObject): boolean => isObj(specOf(so.object).static);
const hasValues = (o: Obj): boolean => Object.values(o).some((v) => v !== undefined && v !== null && v !== "" && v !== 0 && v !== false);

export function validateExternals(ctx: Ctx): void {
  for (const so of ctx.of("External")) {
    const spec = specOf(so.object);
    const inb = asStr(spec.inboundCommunity);
    const outb = asStr(spec.outboundCommunity);
    const ns = asStr(spec.ipv4Namespace) || "default";
    if (!ctx.get("IPv4Namespace", ns)) ctx.emit(so, "external.ipv4ns.missing", "/spec/ipv4Namespace", `IPv4Namespace "${ns}" does not exist: define it or fix spec.ipv4Namespace`);
    if (isStatic(so)) {
      if (inb || outb) ctx.emit(so, "external.static", inb ? "/spec/inboundCommunity" : "/spec/outboundCommunity", "static externals cannot have BGP communities: remove inboundCommunity/outboundCommunity");
      const prefixes = asArr(asObj(spec.static).prefixes).map(asStr);
      if (prefixes.length === 0) ctx.emit(so, "external.static", "/spec/static/prefixes", "a static external needs at least one prefix, e.g. 0.0.0.0/0");
      const iv: Array<Interval<number>> = [];
      prefixes.forEach((p, i) => {
        const c = parseCidr(p);
        if (!c) ctx.emit(so, "external.static", ptr("spec", "static", "prefixes", i), `prefix "${p}" is not a valid IPv4 prefix`);
        else iv.push({ from: c.network, to: c.broadcast, owner: i });
      });
      for (const { a, b } of findOverlaps(iv)) ctx.emit(so, "external.static", ptr("spec", "static", "prefixes", b.owner), `prefix ${prefixes[b.owner]} overlaps ${prefixes[a.owner]}: list disjoint prefixes`);
    } else {
      if (inb && !validCommunity(inb)) ctx.emit(so, "external.community", "/spec/inboundCommunity", `inboundCommunity "${inb}" must be ASN:NN with both parts 0–65535, e.g. 65102:5000`);
      if (outb && !validCommunity(outb)) ctx.emit(so, "external.community", "/spec/outboundCommunity", `outboundCommunity "${outb}" must be ASN:NN with both parts 0–65535, e.g. 5000:65102`);
    }
  }
}

const ACTIONS = ["permit", "deny", "discard", "transit"];
const PROTOCOLS = ["ip", "tcp", "udp", "icmp"];
const TCP_FLAGS = ["fin", "syn", "rst", "psh", "ack", "urg"];

function acl(ctx: Ctx, so: SourcedObject, inboundACL: Obj): void {
  const seqs = new Set<number>();
  asArr(inboundACL.statements).forEach((x, i) => {
    const st = asObj(x);
    const p = ptr("spec", "inboundACL", "statements", i);
    const e = (field: string, msg: string): void => ctx.emit(so, "extattach.acl", field ? `${p}/${field}` : p, msg);
    const seq = asNum(st.seq);
    if (seq < 10) e("seq", `seq ${seq} is reserved (1–9): use 10 or more`);
    else if (seqs.has(seq)) e("seq", `seq ${seq} is used by another statement: make sequence numbers unique`);
    seqs.add(seq);
    const action = asStr(st.action);
    if (!ACTIONS.includes(action)) e("action", `action "${action}" must be one of ${ACTIONS.join(", ")}`);
    const proto = asStr(st.protocol);
    if (!PROTOCOLS.includes(proto)) e("protocol", `protocol "${proto}" must be one of ${PROTOCOLS.join(", ")}`);
    for (const f of ["srcPrefix", "dstPrefix"]) {
      const v = asStr(st[f]);
      if (v === "") e(f, `${f} is required: a CIDR or "any"`);
      else if (v !== "any" && !parseCidr(v)) e(f, `${f} "${v}" must be a CIDR or "any"`);
    }
    const tf = asObj(st.tcpFilters);
    if (hasValues(tf)) {
      if (proto !== "tcp") e("tcpFilters", "tcpFilters are only allowed with protocol tcp");
      const flags = TCP_FLAGS.filter((f) => tf[f] === true);
      const negs = TCP_FLAGS.filter((f) => tf["not" + f[0].toUpperCase() + f.slice(1)] === true);
      if (tf.established === true && (flags.length > 0 || negs.length > 0)) e("tcpFilters", "established cannot be combined with individual TCP flags");
      for (const f of flags) if (negs.includes(f)) e("tcpFilters", `TCP flag ${f} cannot be required and negated at once`);
    }
    if ((st.icmpType !== undefined || st.icmpCode !== undefined) && proto !== "icmp") e(st.icmpType !== undefined ? "icmpType" : "icmpCode", "icmpType/icmpCode are only allowed with protocol icmp");
    const b = asNum(st.portRangeBegin);
    const en = asNum(st.portRangeEnd);
    if (b !== 0 || en !== 0) {
      if (proto !== "tcp" && proto !== "udp") e("portRangeBegin", "port ranges are only allowed with protocol tcp or udp");
      else if (b < 1) e("portRangeBegin", "portRangeBegin must be at least 1");
      else if (en !== 0 && b > en) e("portRangeEnd", `portRangeEnd ${en} is lower than portRangeBegin ${b}`);
    }
  });
}

export function validateExternalAttachments(ctx: Ctx): void {
  const conns = connInfos(ctx);
  const vlans = new Map<string, Map<number, string>>();
  for (const so of ctx.of("ExternalAttachment")) {
    const spec = specOf(so.object);
    const name = asStr(so.object.metadata?.name);
    const extName = asStr(spec.external);
    const connName = asStr(spec.connection);
    const stat = isObj(spec.static);
    const sw = asObj(spec.switch);
    const nb = asObj(spec.neighbor);
    if (stat) {
      const st = asObj(spec.static);
      if (hasValues(sw)) ctx.emit(so, "extattach.static", "/spec/switch", "static attachments take their settings from spec.static: remove spec.switch");
      if (hasValues(nb)) ctx.emit(so, "extattach.static", "/spec/neighbor", "static attachments have no BGP neighbor: remove spec.neighbor");
      const rip = asStr(st.remoteIP);
      if (rip === "") ctx.emit(so, "extattach.static", "/spec/static/remoteIP", "remoteIP is required: set the external router's address");
      else if (parseIPv4(rip) === undefined) ctx.emit(so, "extattach.static", "/spec/static/remoteIP", `remoteIP "${rip}" is not a valid IPv4 address`);
      const ip = asStr(st.ip);
      const proxy = st.proxy === true;
      if ((ip !== "") === proxy) ctx.emit(so, "extattach.static", ip ? "/spec/static/proxy" : "/spec/static", "set exactly one of static.ip (the switch address) and static.proxy: true");
      else if (ip !== "" && !parseCidr(ip)) ctx.emit(so, "extattach.static", "/spec/static/ip", `static.ip "${ip}" must be a CIDR such as 192.168.30.5/24`);
    } else {
      const ip = asStr(sw.ip);
      if (ip === "") ctx.emit(so, "extattach.bgp", "/spec/switch/ip", "switch.ip is required: the switch's subinterface address as a CIDR, e.g. 100.100.0.1/24");
      else if (!parseCidr(ip)) ctx.emit(so, "extattach.bgp", "/spec/switch/ip", `switch.ip "${ip}" must be a CIDR such as 100.100.0.1/24`);
      if (asNum(nb.asn) === 0) ctx.emit(so, "extattach.bgp", "/spec/neighbor/asn", "neighbor.asn is required: the external router's ASN");
      const nip = asStr(nb.ip);
      if (nip === "") ctx.emit(so, "extattach.bgp", "/spec/neighbor/ip", "neighbor.ip is required: the external router's address");
      else if (parseIPv4(nip) === undefined) ctx.emit(so, "extattach.bgp", "/spec/neighbor/ip", `neighbor.ip "${nip}" is not a valid IPv4 address`);
    }
    if (isObj(spec.inboundACL)) acl(ctx, so, spec.inboundACL);

    if (extName) {
      const ext = ctx.get("External", extName);
      if (!ext) ctx.emit(so, "extattach.external.missing", "/spec/external", `External "${extName}" does not exist: define it or fix spec.external`);
      else if (isStatic(ext) !== stat) ctx.emit(so, "extattach.external.kind", stat ? "/spec/static" : "/spec/external", `External ${extName} is ${isStatic(ext) ? "static" : "BGP"} but this attachment is ${stat ? "static" : "BGP"}: ${isStatic(ext) ? "use spec.static" : "use spec.switch and spec.neighbor"}`);
    }
    if (connName) {
      const conn = conns.get(connName);
      if (!conn) ctx.emit(so, "extattach.connection.missing", "/spec/connection", `Connection "${connName}" does not exist: define it or fix spec.connection`);
      else if (conn.type !== "external") ctx.emit(so, "extattach.connection.type", "/spec/connection", `connection ${connName} is of type ${conn.type ?? "unknown"}: external attachments need an external connection`);
      else {
        const vlan = asNum(stat ? asObj(spec.static).vlan : sw.vlan);
        let m = vlans.get(connName);
        if (!m) vlans.set(connName, (m = new Map()));
        const prev = m.get(vlan);
        if (prev !== undefined) ctx.emit(so, "extattach.vlan.duplicate", stat ? "/spec/static/vlan" : "/spec/switch/vlan", `VLAN ${vlan} on connection ${connName} is already used by attachment ${prev}: use a different VLAN per external`);
        else m.set(vlan, name);
      }
    }
  }
}

export function validateExternalPeerings(ctx: Ctx): void {
  for (const so of ctx.of("ExternalPeering")) {
    const permit = asObj(specOf(so.object).permit);
    const vpc = asObj(permit.vpc);
    const ext = asObj(permit.external);
    const vpcName = asStr(vpc.name);
    const extName = asStr(ext.name);
    if (vpcName === "") ctx.emit(so, "extpeer.required", "/spec/permit/vpc/name", "permit.vpc.name is required");
    if (extName === "") ctx.emit(so, "extpeer.required", "/spec/permit/external/name", "permit.external.name is required");
    asArr(ext.prefixes).forEach((p, i) => {
      if (asStr(asObj(p).prefix) === "") ctx.emit(so, "extpeer.required", ptr("spec", "permit", "external", "prefixes", i, "prefix"), "prefix must not be empty: e.g. 0.0.0.0/0 for everything");
    });
    const vpcSo = vpcName ? ctx.get("VPC", vpcName) : undefined;
    const extSo = extName ? ctx.get("External", extName) : undefined;
    if (vpcName && !vpcSo) ctx.emit(so, "extpeer.vpc.missing", "/spec/permit/vpc/name", `VPC "${vpcName}" does not exist: define it or fix the name`);
    if (extName && !extSo) ctx.emit(so, "extpeer.external.missing", "/spec/permit/external/name", `External "${extName}" does not exist: define it or fix the name`);
    if (vpcSo) {
      const names = new Set(vpcSubnets(vpcSo).map(([k]) => k));
      asArr(vpc.subnets).forEach((s, i) => {
        if (!names.has(asStr(s))) ctx.emit(so, "extpeer.subnet.missing", ptr("spec", "permit", "vpc", "subnets", i), `VPC ${vpcName} has no subnet "${asStr(s)}": use one of ${[...names].join(", ")}`);
      });
    }
    if (vpcSo && extSo) {
      const a = vpcIPv4Ns(vpcSo);
      const b = asStr(specOf(extSo.object).ipv4Namespace) || "default";
      if (a !== b) ctx.emit(so, "extpeer.namespace-mismatch", "/spec/permit", `VPC ${vpcName} (IPv4Namespace ${a}) and External ${extName} (IPv4Namespace ${b}) must be in the same IPv4Namespace`);
    }
  }
}
