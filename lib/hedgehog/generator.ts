/**
 * Generator of valid Hedgehog fabrics of any size, deterministic for a seed (tests, benchmarks, demos). Pure.
 *
 * Topology (computed from the requested counts):
 * - leaves are `dell-s5248f-on` (server ports E1/1–E1/48, uplinks E1/49–E1/56), spines `dell-s5232f-on`
 *   (E1/1–E1/34); every leaf links to up to 2 spines; more spines are added when the requested ones run out of ports;
 * - leaves are paired into ESLAG redundancy groups (an odd last leaf is an orphan); each leaf carries
 *   `serversPerLeaf` server connections: unbundled, bundled (2 ports) and ESLAG (one port on each leaf of the pair);
 * - VPCs get /24 subnets and VLANs from 1000–2999; when the VLANs of all VPC subnets do not fit in one VLANNamespace,
 *   the leaves are split into pods, each with its own VLANNamespace and IPv4Namespace (10.{8·pod}.0.0/13);
 * - switches are hydrated like hhfab does (management IPs from 172.30.0.5, protocol IPs from 172.30.8.0, VTEPs from
 *   172.30.12.0, leaf ASNs from 65101, spine ASN 65100, fabric /31s from 172.30.128.0);
 * - every server connection gets `attachmentsPerServer` VPCAttachments to distinct subnets of its pod; the first VPC
 *   pair of each pod and about one other pair in three are peered.
 */
import type { HhObject } from "./types";

export interface GenerateFabricOptions {
  /** Minimum number of spines (more are added when the leaves need more spine ports). */
  spines: number;
  leaves: number;
  /** Server-facing connections per leaf, 1–48. */
  serversPerLeaf: number;
  vpcs: number;
  /** Subnets per VPC, 1–20 (default 1). */
  subnetsPerVpc?: number;
  /** VPCAttachments per server connection (default 1). */
  attachmentsPerServer?: number;
  seed: number;
}

export const GENERATOR_LEAF_PROFILE = "dell-s5248f-on";
export const GENERATOR_SPINE_PROFILE = "dell-s5232f-on";
const LEAF_SERVER_PORTS = 48; // E1/1-48
const LEAF_UPLINK_FIRST = 49; // E1/49-56
const LEAF_UPLINKS = 8;
const SPINE_PORTS = 34; // E1/1-34
const MAX_LEAVES = 65533 - 65101 + 1; // default leaf ASN range
const MAX_SWITCHES = 1019; // management IPs 172.30.0.5 … 172.30.3.255 (below the DHCP start 172.30.4.0)
const VLANS_PER_POD = 2000; // 1000-2999
const MAX_PODS = 32; // 10.0.0.0/8 split in /13s

const W = "wiring.githedgehog.com/v1beta1";
const V = "vpc.githedgehog.com/v1beta1";

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(list: T[], rnd: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

function ip(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}
const IP = (a: number, b: number, c: number, d: number): number => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;

function obj(apiVersion: string, kind: string, name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): HhObject {
  const metadata: HhObject["metadata"] = { name, namespace: "default" };
  if (annotations) metadata.annotations = annotations;
  return { apiVersion, kind, metadata, spec };
}

function mac(i: number): string {
  return `0c:20:12:${((i >> 16) & 255).toString(16).padStart(2, "0")}:${((i >> 8) & 255).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`;
}

function int(name: string, v: number | undefined, min: number, max: number): number {
  if (v === undefined || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`generateFabric: ${name} must be an integer in ${min}..${max}, got ${String(v)}`);
  }
  return v;
}

/** Generates a valid fabric (see the module comment). Throws RangeError when the counts cannot fit one fabric. */
export function generateFabric(opts: GenerateFabricOptions): HhObject[] {
  const leaves = int("leaves", opts.leaves, 1, MAX_LEAVES);
  const n = int("serversPerLeaf", opts.serversPerLeaf, 0, LEAF_SERVER_PORTS);
  const vpcCount = int("vpcs", opts.vpcs, 0, 10_000_000);
  const spv = int("subnetsPerVpc", opts.subnetsPerVpc ?? 1, 1, 20);
  let spines = int("spines", opts.spines, 1, MAX_SWITCHES);
  const rnd = seededRandom(opts.seed);

  // Spines: every leaf links to min(spines, 2) spines, with 2 links per pair when the spine ports allow it.
  let spl = Math.min(spines, 2);
  let lpp = spines * SPINE_PORTS >= leaves * spl * 2 ? 2 : 1;
  while (spines * SPINE_PORTS < leaves * spl * lpp) {
    spines++;
    spl = Math.min(spines, 2);
  }
  if (spl * lpp > LEAF_UPLINKS) lpp = 1;
  if (spines + leaves > MAX_SWITCHES) throw new RangeError(`generateFabric: ${spines} spines + ${leaves} leaves exceed ${MAX_SWITCHES} management IPs`);

  // Pods: one VLANNamespace / IPv4Namespace each.
  const pods = Math.max(1, Math.ceil((vpcCount * spv) / VLANS_PER_POD));
  if (pods > Math.min(leaves, MAX_PODS)) {
    throw new RangeError(`generateFabric: ${vpcCount} VPCs x ${spv} subnets need ${pods} pods (VLANNamespaces), more than min(leaves, ${MAX_PODS})`);
  }
  const podName = (p: number): string => (p === 0 ? "default" : `pod-${p}`);
  const podOfLeaf = (j: number): number => Math.min(pods - 1, Math.floor((j * pods) / leaves));

  const out: HhObject[] = [];
  const switchGroups: HhObject[] = [];
  const switches: HhObject[] = [];
  const servers: HhObject[] = [];
  const connections: HhObject[] = [];
  const vpcObjs: HhObject[] = [];
  const attachments: HhObject[] = [];
  const peerings: HhObject[] = [];

  for (let p = 0; p < pods; p++) {
    out.push(obj(W, "VLANNamespace", podName(p), { ranges: [{ from: 1000, to: 2999 }] }));
    out.push(obj(V, "IPv4Namespace", podName(p), { subnets: [`10.${8 * p}.0.0/13`] }));
  }

  // Switches (hydrated like hhfab: spines first).
  const spineNames = Array.from({ length: spines }, (_, i) => `spine-${i + 1}`);
  const leafNames = Array.from({ length: leaves }, (_, j) => `leaf-${j + 1}`);
  let sw = 0;
  const mgmt = (): string => `${ip(IP(172, 30, 0, 5) + sw)}/21`;
  const proto = (): string => `${ip(IP(172, 30, 8, 0) + sw)}/32`;
  for (let i = 0; i < spines; i++, sw++) {
    switches.push(
      obj(W, "Switch", spineNames[i], {
        role: "spine",
        description: `spine ${i + 1}`,
        profile: GENERATOR_SPINE_PROFILE,
        asn: 65100,
        ip: mgmt(),
        protocolIP: proto(),
        boot: { mac: mac(sw) },
      }),
    );
  }
  // Leaf pairs within a pod form ESLAG groups.
  const partner = new Array<number>(leaves).fill(-1);
  for (let p = 0; p < pods; p++) {
    const members = leafNames.map((_, j) => j).filter((j) => podOfLeaf(j) === p);
    for (let k = 0; k + 1 < members.length; k += 2) {
      partner[members[k]] = members[k + 1];
      partner[members[k + 1]] = members[k];
    }
  }
  for (let j = 0; j < leaves; j++, sw++) {
    const spec: Record<string, unknown> = {
      role: "server-leaf",
      description: `leaf ${j + 1}`,
      profile: GENERATOR_LEAF_PROFILE,
      asn: 65101 + j,
      ip: mgmt(),
      protocolIP: proto(),
      vtepIP: `${ip(IP(172, 30, 12, 0) + j)}/32`,
      boot: { mac: mac(sw) },
      vlanNamespaces: [podName(podOfLeaf(j))],
    };
    if (partner[j] >= 0) {
      const group = `eslag-${Math.min(j, partner[j]) + 1}`;
      spec.redundancy = { group, type: "eslag" };
      if (j < partner[j]) switchGroups.push(obj(W, "SwitchGroup", group, {}));
    }
    switches.push(obj(W, "Switch", leafNames[j], spec));
  }

  // Fabric links.
  const spinePort = new Array<number>(spines).fill(0);
  let fabricIP = IP(172, 30, 128, 0);
  for (let j = 0; j < leaves; j++) {
    let uplink = LEAF_UPLINK_FIRST;
    for (let t = 0; t < spl; t++) {
      const s = (j * spl + t) % spines;
      const links: unknown[] = [];
      for (let l = 0; l < lpp; l++) {
        spinePort[s]++;
        if (spinePort[s] > SPINE_PORTS) throw new Error(`generateFabric: spine ${spineNames[s]} ran out of ports`);
        links.push({
          spine: { port: `${spineNames[s]}/E1/${spinePort[s]}`, ip: `${ip(fabricIP)}/31` },
          leaf: { port: `${leafNames[j]}/E1/${uplink++}`, ip: `${ip(fabricIP + 1)}/31` },
        });
        fabricIP += 2;
      }
      connections.push(obj(W, "Connection", `${spineNames[s]}--fabric--${leafNames[j]}`, { fabric: { links } }));
    }
  }

  // VPCs per pod.
  const podVpcs: Array<Array<{ vpc: string; subnet: string }>> = Array.from({ length: pods }, () => []);
  const podVpcNames: string[][] = Array.from({ length: pods }, () => []);
  for (let v = 0; v < vpcCount; v++) {
    const p = v % pods;
    const local = Math.floor(v / pods);
    const name = `vpc-${v + 1}`;
    const subnets: Record<string, unknown> = {};
    for (let s = 0; s < spv; s++) {
      const k = local * spv + s;
      const net = IP(10, 8 * p + Math.floor(k / 256), k % 256, 0);
      const subnetName = s === 0 ? "default" : `subnet-${s + 1}`;
      const sub: Record<string, unknown> = { subnet: `${ip(net)}/24`, vlan: 1000 + k };
      if (rnd() < 0.5) sub.dhcp = { enable: true, range: { start: ip(net + 10), end: ip(net + 250) } };
      subnets[subnetName] = sub;
      podVpcs[p].push({ vpc: name, subnet: subnetName });
    }
    const spec: Record<string, unknown> = { subnets };
    if (p !== 0) {
      spec.ipv4Namespace = podName(p);
      spec.vlanNamespace = podName(p);
    }
    vpcObjs.push(obj(V, "VPC", name, spec));
    podVpcNames[p].push(name);
  }
  for (let p = 0; p < pods; p++) {
    const names = podVpcNames[p];
    for (let i = 0; i + 1 < names.length; i += 2) {
      if (i > 0 && rnd() >= 1 / 3) continue; // the first pair of each pod is always peered
      const [a, b] = [names[i], names[i + 1]].sort();
      peerings.push(obj(V, "VPCPeering", `${a}--${b}`, { permit: [{ [a]: {}, [b]: {} }] }));
    }
  }
  const slotOrder = podVpcs.map((slots) => shuffle(slots.map((_, i) => i), rnd));
  const podConnCounter = new Array<number>(pods).fill(0);
  const attachPerConn = Math.max(0, opts.attachmentsPerServer ?? 1);

  // Servers and server connections, leaf pair by leaf pair.
  let serverNo = 0;
  const leafPort = new Array<number>(leaves).fill(0);
  const nextPort = (j: number): string => {
    leafPort[j]++;
    if (leafPort[j] > LEAF_SERVER_PORTS) throw new Error(`generateFabric: ${leafNames[j]} ran out of server ports`);
    return `${leafNames[j]}/E1/${leafPort[j]}`;
  };
  const bundledPerLeaf = Math.min(Math.floor(n / 8), LEAF_SERVER_PORTS - n);
  const attach = (conn: string, pod: number): void => {
    const slots = podVpcs[pod];
    if (slots.length === 0) return;
    const count = Math.min(attachPerConn, slots.length);
    const c = podConnCounter[pod]++;
    for (let a = 0; a < count; a++) {
      const slot = slots[slotOrder[pod][(c * count + a) % slots.length]];
      attachments.push(obj(V, "VPCAttachment", `${conn}--${slot.vpc}--${slot.subnet}`, { connection: conn, subnet: `${slot.vpc}/${slot.subnet}` }));
    }
  };
  for (let j = 0; j < leaves; j++) {
    if (partner[j] >= 0 && partner[j] < j) continue; // handled with its partner
    const pair = partner[j] >= 0 ? [j, partner[j]] : [j];
    const eslag = pair.length === 2 ? Math.floor(n / 8) : 0;
    type Plan = { type: "unbundled" | "bundled" | "eslag"; leaf: number };
    const plan: Plan[] = [];
    for (let e = 0; e < eslag; e++) plan.push({ type: "eslag", leaf: j });
    for (const leaf of pair) {
      const bundled = Math.min(bundledPerLeaf, n - eslag);
      for (let b = 0; b < bundled; b++) plan.push({ type: "bundled", leaf });
      for (let u = 0; u < n - eslag - bundled; u++) plan.push({ type: "unbundled", leaf });
    }
    shuffle(plan, rnd);
    const pod = podOfLeaf(j);
    for (const item of plan) {
      const server = `server-${++serverNo}`;
      servers.push(obj(W, "Server", server, { description: `${item.type} server on ${pair.map((x) => leafNames[x]).join(", ")}` }));
      let name: string;
      let spec: Record<string, unknown>;
      if (item.type === "unbundled") {
        name = `${server}--unbundled--${leafNames[item.leaf]}`;
        spec = { unbundled: { link: { server: { port: `${server}/enp2s1` }, switch: { port: nextPort(item.leaf) } } } };
      } else if (item.type === "bundled") {
        name = `${server}--bundled--${leafNames[item.leaf]}`;
        spec = {
          bundled: {
            links: [
              { server: { port: `${server}/enp2s1` }, switch: { port: nextPort(item.leaf) } },
              { server: { port: `${server}/enp2s2` }, switch: { port: nextPort(item.leaf) } },
            ],
          },
        };
      } else {
        name = `${server}--eslag--${leafNames[pair[0]]}--${leafNames[pair[1]]}`;
        spec = {
          eslag: {
            links: [
              { server: { port: `${server}/enp2s1` }, switch: { port: nextPort(pair[0]) } },
              { server: { port: `${server}/enp2s2` }, switch: { port: nextPort(pair[1]) } },
            ],
          },
        };
      }
      connections.push(obj(W, "Connection", name, spec));
      attach(name, pod);
    }
  }

  return [...out, ...switchGroups, ...switches, ...servers, ...connections, ...vpcObjs, ...attachments, ...peerings];
}

/**
 * Options for a generated fabric of about `target` objects (40 connections per leaf, 2 attachments each, 2 subnets per
 * VPC). The result is within a few percent of the target.
 */
export function fabricOptionsForSize(target: number, seed = 1): GenerateFabricOptions {
  const perLeaf = 40 /* conns */ + 38 /* servers */ + 80 /* attachments */ + 1 /* switch */ + 2 /* fabric conns */ + 1.5 /* vpcs */;
  const leaves = Math.max(2, Math.min(MAX_LEAVES, Math.round(target / perLeaf)));
  return {
    spines: 2,
    leaves,
    serversPerLeaf: 40,
    vpcs: Math.max(2, Math.round(leaves * 1.5)),
    subnetsPerVpc: 2,
    attachmentsPerServer: 2,
    seed,
  };
}
