"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { arr, escapeToken, NameOptions, numStr, put, rec, RowList, Section, splitList, str, toNumber, useObjectNames, type FieldsProps, type FormDefinition } from "./form-kit";

type Tri = "" | "true" | "false";

interface SubnetRow {
  name: string;
  /** The subnet's key in the object the form was opened with (keeps its other fields on rename). */
  origName?: string;
  subnet: string;
  gateway: string;
  vlan: string;
  dhcp: boolean;
  rangeStart: string;
  rangeEnd: string;
  isolated: Tri;
  restricted: Tri;
}

export interface VpcValues {
  ipv4Namespace: string;
  vlanNamespace: string;
  mode: string;
  defaultIsolated: boolean;
  defaultRestricted: boolean;
  subnets: SubnetRow[];
  /** One permit list per row: subnet names separated by commas. */
  permit: string[];
}

const tri = (v: unknown): Tri => (v === true ? "true" : v === false ? "false" : "");
const fromTri = (t: Tri): boolean | undefined => (t === "" ? undefined : t === "true");

const newSubnet = (i: number): SubnetRow => ({
  name: i === 0 ? "default" : `subnet-${i + 1}`,
  subnet: "",
  gateway: "",
  vlan: "",
  dhcp: false,
  rangeStart: "",
  rangeEnd: "",
  isolated: "",
  restricted: "",
});

const subnetPath = (name: string) => `/spec/subnets/${escapeToken(name)}`;

export const vpcForm: FormDefinition<VpcValues> = {
  fromSpec(spec) {
    const subnets = Object.entries(rec(spec.subnets)).map(([name, raw]): SubnetRow => {
      const s = rec(raw);
      const dhcp = rec(s.dhcp);
      const range = rec(dhcp.range);
      return {
        name,
        origName: name,
        subnet: str(s.subnet),
        gateway: str(s.gateway),
        vlan: numStr(s.vlan),
        dhcp: dhcp.enable === true,
        rangeStart: str(range.start),
        rangeEnd: str(range.end),
        isolated: tri(s.isolated),
        restricted: tri(s.restricted),
      };
    });
    return {
      ipv4Namespace: str(spec.ipv4Namespace) || "default",
      vlanNamespace: str(spec.vlanNamespace) || "default",
      mode: str(spec.mode),
      defaultIsolated: spec.defaultIsolated === true,
      defaultRestricted: spec.defaultRestricted === true,
      subnets: subnets.length ? subnets : [newSubnet(0)],
      permit: arr(spec.permit).map((l) => arr(l).map(str).join(", ")),
    };
  },

  toSpec(v, base) {
    const spec = rec(base);
    const baseSubnets = rec(spec.subnets);
    put(spec, "ipv4Namespace", v.ipv4Namespace.trim());
    put(spec, "vlanNamespace", v.vlanNamespace.trim());
    put(spec, "mode", v.mode);
    put(spec, "defaultIsolated", v.defaultIsolated);
    put(spec, "defaultRestricted", v.defaultRestricted);
    const subnets: Record<string, unknown> = {};
    for (const row of v.subnets) {
      const s = rec(row.origName !== undefined ? baseSubnets[row.origName] : undefined);
      put(s, "subnet", row.subnet.trim());
      put(s, "gateway", row.gateway.trim());
      put(s, "vlan", toNumber(row.vlan));
      put(s, "isolated", fromTri(row.isolated), true);
      put(s, "restricted", fromTri(row.restricted), true);
      const dhcp = rec(s.dhcp);
      put(dhcp, "enable", row.dhcp);
      const range = rec(dhcp.range);
      put(range, "start", row.rangeStart.trim());
      put(range, "end", row.rangeEnd.trim());
      put(dhcp, "range", Object.keys(range).length ? range : undefined);
      put(s, "dhcp", Object.keys(dhcp).length ? dhcp : undefined);
      subnets[row.name.trim()] = s;
    }
    spec.subnets = subnets;
    const permit = v.permit.map(splitList).filter((l) => l.length > 0);
    put(spec, "permit", permit.length ? permit : undefined);
    return spec;
  },

  paths(v) {
    const out = ["/spec/ipv4Namespace", "/spec/vlanNamespace", "/spec/mode", "/spec/defaultIsolated", "/spec/defaultRestricted", "/spec/subnets", "/spec/permit"];
    for (const row of v.subnets) {
      const p = subnetPath(row.name.trim());
      out.push(p, `${p}/subnet`, `${p}/gateway`, `${p}/vlan`, `${p}/dhcp/enable`, `${p}/dhcp`, `${p}/dhcp/range`, `${p}/dhcp/range/start`, `${p}/dhcp/range/end`, `${p}/isolated`, `${p}/restricted`);
    }
    v.permit.forEach((_, i) => out.push(`/spec/permit/${i}/*`));
    return out;
  },

  Fields: VpcFields,
};

function VpcFields({ values: v, set, issues, fabricId }: FieldsProps<VpcValues>) {
  const ipns = useObjectNames(fabricId, "IPv4Namespace");
  const vlanns = useObjectNames(fabricId, "VLANNamespace");
  const update = (patch: Partial<VpcValues>) => set({ ...v, ...patch });
  return (
    <>
      <Section title="Namespaces and mode">
        <div className="grid gap-4 sm:grid-cols-3">
          <FormField label="IPv4Namespace" required error={issues.at("/spec/ipv4Namespace")} hint="Every subnet must lie inside one of its subnets.">
            <Input id="vpc-ipv4ns" list="vpc-ipv4ns-options" value={v.ipv4Namespace} onChange={(e) => update({ ipv4Namespace: e.target.value })} />
          </FormField>
          <FormField label="VLANNamespace" required error={issues.at("/spec/vlanNamespace")} hint="Every subnet VLAN must lie inside its ranges.">
            <Input id="vpc-vlanns" list="vpc-vlanns-options" value={v.vlanNamespace} onChange={(e) => update({ vlanNamespace: e.target.value })} />
          </FormField>
          <FormField label="Mode" error={issues.at("/spec/mode")} hint="L2VNI is the default; l3flat is not supported.">
            <Select id="vpc-mode" value={v.mode} onChange={(e) => update({ mode: e.target.value })}>
              <option value="">L2VNI (default)</option>
              <option value="l3vni">L3VNI</option>
            </Select>
          </FormField>
        </div>
        <NameOptions id="vpc-ipv4ns-options" names={ipns} />
        <NameOptions id="vpc-vlanns-options" names={vlanns} />
        <div className="flex flex-wrap gap-6">
          <FormField label="Isolate subnets by default" orientation="horizontal" error={issues.at("/spec/defaultIsolated")}>
            <Checkbox id="vpc-default-isolated" checked={v.defaultIsolated} onCheckedChange={(c) => update({ defaultIsolated: c === true })} />
          </FormField>
          <FormField label="Restrict subnets by default" orientation="horizontal" error={issues.at("/spec/defaultRestricted")}>
            <Checkbox id="vpc-default-restricted" checked={v.defaultRestricted} onCheckedChange={(c) => update({ defaultRestricted: c === true })} />
          </FormField>
        </div>
      </Section>

      <Section title="Subnets" description="1 to 20 subnets. The gateway defaults to the first host; with DHCP on, the range defaults to the second host … the last address.">
        <RowList
          rows={v.subnets}
          min={1}
          addLabel="Add subnet"
          error={issues.at("/spec/subnets")}
          make={() => newSubnet(v.subnets.length)}
          onChange={(subnets) => update({ subnets })}
          render={(row, i, change) => {
            const p = subnetPath(row.name.trim());
            const id = `vpc-subnet-${i}`;
            return (
              <div className="flex flex-col gap-3 rounded-md border bg-muted/20 p-3" data-testid={id}>
                {issues.at(p) ? <p className="text-xs font-medium text-destructive">{issues.at(p)!.join("; ")}</p> : null}
                <div className="grid gap-3 sm:grid-cols-4">
                  <FormField label="Subnet name" required>
                    <Input id={`${id}-name`} value={row.name} onChange={(e) => change({ ...row, name: e.target.value })} />
                  </FormField>
                  <FormField label="Subnet (CIDR)" required error={issues.at(`${p}/subnet`)}>
                    <Input id={`${id}-subnet`} placeholder="10.0.1.0/24" value={row.subnet} onChange={(e) => change({ ...row, subnet: e.target.value })} />
                  </FormField>
                  <FormField label="Gateway" error={issues.at(`${p}/gateway`)}>
                    <Input id={`${id}-gateway`} placeholder="first host" value={row.gateway} onChange={(e) => change({ ...row, gateway: e.target.value })} />
                  </FormField>
                  <FormField label="VLAN" required error={issues.at(`${p}/vlan`)}>
                    <Input id={`${id}-vlan`} inputMode="numeric" placeholder="1001" value={row.vlan} onChange={(e) => change({ ...row, vlan: e.target.value })} />
                  </FormField>
                </div>
                <div className="grid items-end gap-3 sm:grid-cols-4">
                  <FormField label="DHCP server" orientation="horizontal" error={issues.at(`${p}/dhcp/enable`) ?? issues.at(`${p}/dhcp`)}>
                    <Checkbox id={`${id}-dhcp`} checked={row.dhcp} onCheckedChange={(c) => change({ ...row, dhcp: c === true })} />
                  </FormField>
                  <FormField label="DHCP range start" error={issues.at(`${p}/dhcp/range/start`) ?? issues.at(`${p}/dhcp/range`)}>
                    <Input id={`${id}-start`} disabled={!row.dhcp} placeholder="second host" value={row.rangeStart} onChange={(e) => change({ ...row, rangeStart: e.target.value })} />
                  </FormField>
                  <FormField label="DHCP range end" error={issues.at(`${p}/dhcp/range/end`)}>
                    <Input id={`${id}-end`} disabled={!row.dhcp} placeholder="last address" value={row.rangeEnd} onChange={(e) => change({ ...row, rangeEnd: e.target.value })} />
                  </FormField>
                  <div className="grid grid-cols-2 gap-2">
                    <FormField label="Isolated" error={issues.at(`${p}/isolated`)}>
                      <Select id={`${id}-isolated`} value={row.isolated} onChange={(e) => change({ ...row, isolated: e.target.value as Tri })}>
                        <option value="">Default</option>
                        <option value="true">Yes</option>
                        <option value="false">No</option>
                      </Select>
                    </FormField>
                    <FormField label="Restricted" error={issues.at(`${p}/restricted`)}>
                      <Select id={`${id}-restricted`} value={row.restricted} onChange={(e) => change({ ...row, restricted: e.target.value as Tri })}>
                        <option value="">Default</option>
                        <option value="true">Yes</option>
                        <option value="false">No</option>
                      </Select>
                    </FormField>
                  </div>
                </div>
              </div>
            );
          }}
        />
      </Section>

      <Section title="Permit lists" description="Subnets allowed to talk to each other despite isolation: two or more subnet names per list, separated by commas.">
        <RowList
          rows={v.permit}
          addLabel="Add permit list"
          error={issues.at("/spec/permit")}
          make={() => ""}
          onChange={(permit) => update({ permit })}
          render={(row, i, change) => (
            <FormField label={`Permit list ${i + 1}`} error={issues.under(`/spec/permit/${i}`)}>
              <Input id={`vpc-permit-${i}`} placeholder="default, subnet-2" value={row} onChange={(e) => change(e.target.value)} />
            </FormField>
          )}
        />
      </Section>
    </>
  );
}
