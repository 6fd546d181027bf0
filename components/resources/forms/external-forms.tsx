"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { arr, NameOptions, numStr, put, rec, RowList, Section, splitList, str, toNumber, useObjectNames, type FieldsProps, type FormDefinition } from "./form-kit";

// External: spec.ipv4Namespace; BGP (inboundCommunity, outboundCommunity) or static (static.prefixes[]).

export interface ExternalValues {
  type: "bgp" | "static";
  ipv4Namespace: string;
  inboundCommunity: string;
  outboundCommunity: string;
  prefixes: string[];
}

export const externalForm: FormDefinition<ExternalValues> = {
  fromSpec(spec) {
    const isStatic = spec.static !== undefined && spec.static !== null;
    const prefixes = arr(rec(spec.static).prefixes).map(str);
    return {
      type: isStatic ? "static" : "bgp",
      ipv4Namespace: str(spec.ipv4Namespace) || "default",
      inboundCommunity: str(spec.inboundCommunity),
      outboundCommunity: str(spec.outboundCommunity),
      prefixes: prefixes.length ? prefixes : [""],
    };
  },
  toSpec(v, base) {
    const spec = rec(base);
    put(spec, "ipv4Namespace", v.ipv4Namespace.trim());
    if (v.type === "bgp") {
      put(spec, "inboundCommunity", v.inboundCommunity.trim());
      put(spec, "outboundCommunity", v.outboundCommunity.trim());
      delete spec.static;
    } else {
      delete spec.inboundCommunity;
      delete spec.outboundCommunity;
      spec.static = { ...rec(spec.static), prefixes: v.prefixes.map((p) => p.trim()).filter(Boolean) };
    }
    return spec;
  },
  paths: (v) => [
    "/spec/ipv4Namespace",
    "/spec/inboundCommunity",
    "/spec/outboundCommunity",
    "/spec/static",
    "/spec/static/prefixes",
    ...v.prefixes.map((_, i) => `/spec/static/prefixes/${i}`),
  ],
  Fields: ExternalFields,
};

function ExternalFields({ values: v, set, issues, fabricId }: FieldsProps<ExternalValues>) {
  const ipns = useObjectNames(fabricId, "IPv4Namespace");
  const update = (patch: Partial<ExternalValues>) => set({ ...v, ...patch });
  return (
    <Section title="External" description="A network outside the fabric reached through border switches: over BGP, or with static routes.">
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField label="IPv4Namespace" required error={issues.at("/spec/ipv4Namespace")}>
          <Input id="ext-ipv4ns" list="ext-ipv4ns-options" value={v.ipv4Namespace} onChange={(e) => update({ ipv4Namespace: e.target.value })} />
        </FormField>
        <FormField label="Type" error={issues.at("/spec/static")}>
          <Select id="ext-type" value={v.type} onChange={(e) => update({ type: e.target.value === "static" ? "static" : "bgp" })}>
            <option value="bgp">BGP</option>
            <option value="static">Static</option>
          </Select>
        </FormField>
      </div>
      <NameOptions id="ext-ipv4ns-options" names={ipns} />
      {v.type === "bgp" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField label="Inbound community" error={issues.at("/spec/inboundCommunity")} hint="ASN:NN, e.g. 65102:5000 — routes with it are imported.">
            <Input id="ext-inbound" placeholder="65102:5000" value={v.inboundCommunity} onChange={(e) => update({ inboundCommunity: e.target.value })} />
          </FormField>
          <FormField label="Outbound community" error={issues.at("/spec/outboundCommunity")} hint="ASN:NN attached to routes sent to the external.">
            <Input id="ext-outbound" placeholder="50000:50001" value={v.outboundCommunity} onChange={(e) => update({ outboundCommunity: e.target.value })} />
          </FormField>
        </div>
      ) : (
        <RowList
          rows={v.prefixes}
          min={1}
          addLabel="Add prefix"
          error={issues.at("/spec/static/prefixes")}
          make={() => ""}
          onChange={(prefixes) => update({ prefixes })}
          render={(row, i, change) => (
            <FormField label={`Static prefix ${i + 1}`} error={issues.at(`/spec/static/prefixes/${i}`)}>
              <Input id={`ext-prefix-${i}`} placeholder="0.0.0.0/0" value={row} onChange={(e) => change(e.target.value)} />
            </FormField>
          )}
        />
      )}
    </Section>
  );
}

// ExternalAttachment: external, connection; BGP switch{ip, vlan} + neighbor{asn, ip}, or static{remoteIP, vlan, ip, proxy}.

export interface ExternalAttachmentValues {
  type: "bgp" | "static";
  external: string;
  connection: string;
  switchIP: string;
  switchVLAN: string;
  neighborASN: string;
  neighborIP: string;
  remoteIP: string;
  staticVLAN: string;
  staticIP: string;
  proxy: boolean;
}

export const externalAttachmentForm: FormDefinition<ExternalAttachmentValues> = {
  fromSpec(spec) {
    const sw = rec(spec.switch);
    const nb = rec(spec.neighbor);
    const st = rec(spec.static);
    return {
      type: spec.static !== undefined && spec.static !== null ? "static" : "bgp",
      external: str(spec.external),
      connection: str(spec.connection),
      switchIP: str(sw.ip),
      switchVLAN: numStr(sw.vlan),
      neighborASN: numStr(nb.asn),
      neighborIP: str(nb.ip),
      remoteIP: str(st.remoteIP),
      staticVLAN: numStr(st.vlan),
      staticIP: str(st.ip),
      proxy: st.proxy === true,
    };
  },
  toSpec(v, base) {
    const spec = rec(base);
    put(spec, "external", v.external.trim());
    put(spec, "connection", v.connection.trim());
    if (v.type === "bgp") {
      const sw = rec(spec.switch);
      put(sw, "ip", v.switchIP.trim());
      put(sw, "vlan", toNumber(v.switchVLAN));
      const nb = rec(spec.neighbor);
      put(nb, "asn", toNumber(v.neighborASN));
      put(nb, "ip", v.neighborIP.trim());
      spec.switch = sw;
      spec.neighbor = nb;
      delete spec.static;
    } else {
      // The CRD requires switch and neighbor; a static attachment serializes them empty.
      spec.switch = {};
      spec.neighbor = {};
      const st = rec(spec.static);
      put(st, "remoteIP", v.remoteIP.trim());
      put(st, "vlan", toNumber(v.staticVLAN));
      put(st, "ip", v.staticIP.trim());
      put(st, "proxy", v.proxy);
      spec.static = st;
    }
    return spec;
  },
  paths: () => [
    "/spec/external",
    "/spec/connection",
    "/spec/switch",
    "/spec/switch/ip",
    "/spec/switch/vlan",
    "/spec/neighbor",
    "/spec/neighbor/asn",
    "/spec/neighbor/ip",
    "/spec/static",
    "/spec/static/remoteIP",
    "/spec/static/vlan",
    "/spec/static/ip",
    "/spec/static/proxy",
  ],
  Fields: ExternalAttachmentFields,
};

function ExternalAttachmentFields({ values: v, set, issues, fabricId }: FieldsProps<ExternalAttachmentValues>) {
  const externals = useObjectNames(fabricId, "External");
  const connections = useObjectNames(fabricId, "Connection");
  const update = (patch: Partial<ExternalAttachmentValues>) => set({ ...v, ...patch });
  return (
    <>
      <Section title="Attachment" description="Where the external is reached: an external connection of a border switch.">
        <div className="grid gap-3 sm:grid-cols-3">
          <FormField label="External" required error={issues.at("/spec/external")}>
            <Input id="extattach-external" list="extattach-externals" value={v.external} onChange={(e) => update({ external: e.target.value })} />
          </FormField>
          <FormField label="Connection" required error={issues.at("/spec/connection")} hint="A connection of type external.">
            <Input id="extattach-connection" list="extattach-connections" value={v.connection} onChange={(e) => update({ connection: e.target.value })} />
          </FormField>
          <FormField label="Type" hint="Must match the External's type.">
            <Select id="extattach-type" value={v.type} onChange={(e) => update({ type: e.target.value === "static" ? "static" : "bgp" })}>
              <option value="bgp">BGP</option>
              <option value="static">Static</option>
            </Select>
          </FormField>
        </div>
        <NameOptions id="extattach-externals" names={externals} />
        <NameOptions id="extattach-connections" names={connections} />
      </Section>
      {v.type === "bgp" ? (
        <Section title="BGP session">
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField label="Switch IP (CIDR)" required error={issues.at("/spec/switch/ip") ?? issues.at("/spec/switch")} hint="On the switch subinterface, e.g. 100.100.0.6/24.">
              <Input id="extattach-switch-ip" value={v.switchIP} onChange={(e) => update({ switchIP: e.target.value })} />
            </FormField>
            <FormField label="Switch VLAN" error={issues.at("/spec/switch/vlan")} hint="Unique among the attachments on the connection; 0 = untagged.">
              <Input id="extattach-switch-vlan" inputMode="numeric" value={v.switchVLAN} onChange={(e) => update({ switchVLAN: e.target.value })} />
            </FormField>
            <FormField label="Neighbor ASN" required error={issues.at("/spec/neighbor/asn") ?? issues.at("/spec/neighbor")}>
              <Input id="extattach-neighbor-asn" inputMode="numeric" value={v.neighborASN} onChange={(e) => update({ neighborASN: e.target.value })} />
            </FormField>
            <FormField label="Neighbor IP" required error={issues.at("/spec/neighbor/ip")}>
              <Input id="extattach-neighbor-ip" value={v.neighborIP} onChange={(e) => update({ neighborIP: e.target.value })} />
            </FormField>
          </div>
        </Section>
      ) : (
        <Section title="Static routing" description="Exactly one of the switch IP and proxy.">
          {issues.at("/spec/static") ? <p className="text-xs font-medium text-destructive">{issues.at("/spec/static")!.join("; ")}</p> : null}
          <div className="grid gap-3 sm:grid-cols-3">
            <FormField label="Remote IP" required error={issues.at("/spec/static/remoteIP")}>
              <Input id="extattach-remote-ip" value={v.remoteIP} onChange={(e) => update({ remoteIP: e.target.value })} />
            </FormField>
            <FormField label="VLAN" error={issues.at("/spec/static/vlan")}>
              <Input id="extattach-static-vlan" inputMode="numeric" value={v.staticVLAN} onChange={(e) => update({ staticVLAN: e.target.value })} />
            </FormField>
            <FormField label="Switch IP (CIDR)" error={issues.at("/spec/static/ip")}>
              <Input id="extattach-static-ip" disabled={v.proxy} value={v.staticIP} onChange={(e) => update({ staticIP: e.target.value })} />
            </FormField>
          </div>
          <FormField label="Proxy (for gateway peering)" orientation="horizontal" error={issues.at("/spec/static/proxy")}>
            <Checkbox id="extattach-proxy" checked={v.proxy} onCheckedChange={(c) => update({ proxy: c === true })} />
          </FormField>
        </Section>
      )}
    </>
  );
}

// ExternalPeering: permit.vpc{name, subnets[]}, permit.external{name, prefixes[]{prefix}}.

export interface ExternalPeeringValues {
  vpc: string;
  subnets: string;
  external: string;
  prefixes: string[];
}

export const externalPeeringForm: FormDefinition<ExternalPeeringValues> = {
  fromSpec(spec) {
    const permit = rec(spec.permit);
    const vpc = rec(permit.vpc);
    const ext = rec(permit.external);
    const prefixes = arr(ext.prefixes).map((p) => str(rec(p).prefix));
    return { vpc: str(vpc.name), subnets: arr(vpc.subnets).map(str).join(", "), external: str(ext.name), prefixes: prefixes.length ? prefixes : ["0.0.0.0/0"] };
  },
  toSpec(v, base) {
    const spec = rec(base);
    const permit = rec(spec.permit);
    const vpc = rec(permit.vpc);
    put(vpc, "name", v.vpc.trim());
    const subnets = splitList(v.subnets);
    put(vpc, "subnets", subnets.length ? subnets : undefined);
    const ext = rec(permit.external);
    put(ext, "name", v.external.trim());
    const prefixes = v.prefixes.map((p) => p.trim()).filter(Boolean);
    put(ext, "prefixes", prefixes.length ? prefixes.map((prefix) => ({ prefix })) : undefined);
    spec.permit = { ...permit, vpc, external: ext };
    return spec;
  },
  paths: (v) => [
    "/spec/permit",
    "/spec/permit/vpc",
    "/spec/permit/vpc/name",
    "/spec/permit/vpc/subnets/*",
    "/spec/permit/external",
    "/spec/permit/external/name",
    "/spec/permit/external/prefixes",
    ...v.prefixes.flatMap((_, i) => [`/spec/permit/external/prefixes/${i}`, `/spec/permit/external/prefixes/${i}/prefix`]),
  ],
  Fields: ExternalPeeringFields,
};

function ExternalPeeringFields({ values: v, set, issues, fabricId }: FieldsProps<ExternalPeeringValues>) {
  const vpcs = useObjectNames(fabricId, "VPC");
  const externals = useObjectNames(fabricId, "External");
  const update = (patch: Partial<ExternalPeeringValues>) => set({ ...v, ...patch });
  return (
    <>
      <Section title="VPC side" description="The VPC and, optionally, which of its subnets reach the external (all when empty). Same IPv4Namespace as the External.">
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField label="VPC" required error={issues.at("/spec/permit/vpc/name") ?? issues.at("/spec/permit/vpc") ?? issues.at("/spec/permit")}>
            <Input id="extpeer-vpc" list="extpeer-vpcs" value={v.vpc} onChange={(e) => update({ vpc: e.target.value })} />
          </FormField>
          <FormField label="Subnets" error={issues.under("/spec/permit/vpc/subnets")} hint="Comma-separated subnet names.">
            <Input id="extpeer-subnets" placeholder="default" value={v.subnets} onChange={(e) => update({ subnets: e.target.value })} />
          </FormField>
        </div>
        <NameOptions id="extpeer-vpcs" names={vpcs} />
      </Section>
      <Section title="External side" description="Prefixes learned from the external that the VPC may reach; a prefix also matches every longer prefix inside it (0.0.0.0/0 = everything).">
        <FormField label="External" required error={issues.at("/spec/permit/external/name") ?? issues.at("/spec/permit/external")}>
          <Input id="extpeer-external" list="extpeer-externals" value={v.external} onChange={(e) => update({ external: e.target.value })} />
        </FormField>
        <NameOptions id="extpeer-externals" names={externals} />
        <RowList
          rows={v.prefixes}
          addLabel="Add prefix"
          error={issues.at("/spec/permit/external/prefixes")}
          make={() => ""}
          onChange={(prefixes) => update({ prefixes })}
          render={(row, i, change) => (
            <FormField label={`Prefix ${i + 1}`} error={issues.at(`/spec/permit/external/prefixes/${i}/prefix`) ?? issues.at(`/spec/permit/external/prefixes/${i}`)}>
              <Input id={`extpeer-prefix-${i}`} placeholder="0.0.0.0/0" value={row} onChange={(e) => change(e.target.value)} />
            </FormField>
          )}
        />
      </Section>
    </>
  );
}
