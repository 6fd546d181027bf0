"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { arr, numStr, put, rec, RowList, Section, str, toNumber, type FieldsProps, type FormDefinition } from "./form-kit";

// IPv4Namespace: spec.subnets[] (CIDRs, ≤ 10, no overlap with each other or the fabric's reserved subnets).

export interface Ipv4NamespaceValues {
  subnets: string[];
}

export const ipv4NamespaceForm: FormDefinition<Ipv4NamespaceValues> = {
  fromSpec(spec) {
    const subnets = arr(spec.subnets).map(str);
    return { subnets: subnets.length ? subnets : [""] };
  },
  toSpec(v, base) {
    const spec = rec(base);
    spec.subnets = v.subnets.map((s) => s.trim()).filter(Boolean);
    return spec;
  },
  paths: (v) => ["/spec/subnets", ...v.subnets.map((_, i) => `/spec/subnets/${i}`)],
  Fields: Ipv4NamespaceFields,
};

function Ipv4NamespaceFields({ values: v, set, issues }: FieldsProps<Ipv4NamespaceValues>) {
  return (
    <Section
      title="Subnets"
      description="1 to 10 IPv4 prefixes VPC subnets are carved from. They must not overlap each other or the fabric's reserved subnets (172.30.0.0/21, 172.30.128.0/17, … by default)."
    >
      <RowList
        rows={v.subnets}
        min={1}
        addLabel="Add subnet"
        error={issues.at("/spec/subnets")}
        make={() => ""}
        onChange={(subnets) => set({ subnets })}
        render={(row, i, change) => (
          <FormField label={`Subnet ${i + 1}`} error={issues.at(`/spec/subnets/${i}`)}>
            <Input id={`ipns-subnet-${i}`} placeholder="10.0.0.0/16" value={row} onChange={(e) => change(e.target.value)} />
          </FormField>
        )}
      />
    </Section>
  );
}

// VLANNamespace: spec.ranges[]{from, to} (1–4094, outside the fabric's reserved VLANs 3000–3999 by default).

interface RangeRow {
  from: string;
  to: string;
}

export interface VlanNamespaceValues {
  ranges: RangeRow[];
}

export const vlanNamespaceForm: FormDefinition<VlanNamespaceValues> = {
  fromSpec(spec) {
    const ranges = arr(spec.ranges).map((r) => ({ from: numStr(rec(r).from), to: numStr(rec(r).to) }));
    return { ranges: ranges.length ? ranges : [{ from: "", to: "" }] };
  },
  toSpec(v, base) {
    const spec = rec(base);
    const baseRanges = arr(spec.ranges);
    spec.ranges = v.ranges
      .filter((r) => r.from.trim() || r.to.trim())
      .map((r, i) => {
        const out = rec(baseRanges[i]);
        put(out, "from", toNumber(r.from));
        put(out, "to", toNumber(r.to));
        return out;
      });
    return spec;
  },
  paths: (v) => ["/spec/ranges", ...v.ranges.flatMap((_, i) => [`/spec/ranges/${i}`, `/spec/ranges/${i}/from`, `/spec/ranges/${i}/to`])],
  Fields: VlanNamespaceFields,
};

function VlanNamespaceFields({ values: v, set, issues }: FieldsProps<VlanNamespaceValues>) {
  return (
    <Section title="VLAN ranges" description="1 to 20 ranges within 1–4094, outside the fabric's reserved VLANs (3000–3999 by default). “To” defaults to “from”.">
      <RowList
        rows={v.ranges}
        min={1}
        addLabel="Add range"
        error={issues.at("/spec/ranges")}
        make={() => ({ from: "", to: "" })}
        onChange={(ranges) => set({ ranges })}
        render={(row, i, change) => (
          <div className="flex flex-col gap-1">
            <div className="grid gap-3 sm:grid-cols-2">
              <FormField label={`From (range ${i + 1})`} error={issues.at(`/spec/ranges/${i}/from`)}>
                <Input id={`vlanns-from-${i}`} inputMode="numeric" placeholder="1000" value={row.from} onChange={(e) => change({ ...row, from: e.target.value })} />
              </FormField>
              <FormField label={`To (range ${i + 1})`} error={issues.at(`/spec/ranges/${i}/to`)}>
                <Input id={`vlanns-to-${i}`} inputMode="numeric" placeholder="2999" value={row.to} onChange={(e) => change({ ...row, to: e.target.value })} />
              </FormField>
            </div>
            {issues.at(`/spec/ranges/${i}`) ? <p className="text-xs font-medium text-destructive">{issues.at(`/spec/ranges/${i}`)!.join("; ")}</p> : null}
          </div>
        )}
      />
    </Section>
  );
}
