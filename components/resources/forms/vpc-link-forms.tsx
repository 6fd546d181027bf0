"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { arr, escapeToken, NameOptions, put, rec, RowList, Section, splitList, str, useObjectNames, type FieldsProps, type FormDefinition } from "./form-kit";

/** Subnet names of a VPC in the fabric (for suggestions), empty while unknown. */
function useVpcSubnets(fabricId: string, vpc: string): string[] {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.resources.get.queryOptions({ id: fabricId, kind: "VPC", name: vpc }), enabled: vpc.trim() !== "", retry: false });
  return Object.keys(rec(rec(q.data?.desired?.spec).subnets));
}

// VPCAttachment: spec.connection, spec.subnet (`<vpc>/<subnet>`), spec.nativeVLAN.

export interface VpcAttachmentValues {
  connection: string;
  vpc: string;
  subnet: string;
  nativeVLAN: boolean;
}

export const vpcAttachmentForm: FormDefinition<VpcAttachmentValues> = {
  fromSpec(spec) {
    const [vpc = "", subnet = ""] = str(spec.subnet).split("/");
    return { connection: str(spec.connection), vpc, subnet, nativeVLAN: spec.nativeVLAN === true };
  },
  toSpec(v, base) {
    const spec = rec(base);
    put(spec, "connection", v.connection.trim());
    const vpc = v.vpc.trim();
    const subnet = v.subnet.trim();
    put(spec, "subnet", vpc ? (subnet ? `${vpc}/${subnet}` : vpc) : "");
    put(spec, "nativeVLAN", v.nativeVLAN);
    return spec;
  },
  paths: () => ["/spec/connection", "/spec/subnet", "/spec/nativeVLAN"],
  Fields: VpcAttachmentFields,
};

function VpcAttachmentFields({ values: v, set, issues, fabricId }: FieldsProps<VpcAttachmentValues>) {
  const connections = useObjectNames(fabricId, "Connection");
  const vpcs = useObjectNames(fabricId, "VPC");
  const subnets = useVpcSubnets(fabricId, v.vpc);
  const update = (patch: Partial<VpcAttachmentValues>) => set({ ...v, ...patch });
  return (
    <Section title="Attachment" description="Attaches a VPC subnet to a server-facing connection (unbundled, bundled or ESLAG).">
      <FormField label="Connection" required error={issues.at("/spec/connection")} hint="e.g. server-01--unbundled--leaf-01">
        <Input id="vpcattach-connection" list="vpcattach-connections" value={v.connection} onChange={(e) => update({ connection: e.target.value })} />
      </FormField>
      <NameOptions id="vpcattach-connections" names={connections} />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField label="VPC" required error={issues.at("/spec/subnet")}>
          <Input id="vpcattach-vpc" list="vpcattach-vpcs" value={v.vpc} onChange={(e) => update({ vpc: e.target.value })} />
        </FormField>
        <FormField label="Subnet" hint="Defaults to “default”; stored as vpc/subnet.">
          <Input id="vpcattach-subnet" list="vpcattach-subnets" placeholder="default" value={v.subnet} onChange={(e) => update({ subnet: e.target.value })} />
        </FormField>
      </div>
      <NameOptions id="vpcattach-vpcs" names={vpcs} />
      <NameOptions id="vpcattach-subnets" names={subnets} />
      <FormField label="Native VLAN (untagged; at most one per connection)" orientation="horizontal" error={issues.at("/spec/nativeVLAN")}>
        <Checkbox id="vpcattach-native" checked={v.nativeVLAN} onCheckedChange={(c) => update({ nativeVLAN: c === true })} />
      </FormField>
    </Section>
  );
}

// VPCPeering: spec.permit: [{<vpc1>: {subnets?}, <vpc2>: {subnets?}}, …].

interface PermitRow {
  subnets1: string;
  subnets2: string;
}

export interface VpcPeeringValues {
  vpc1: string;
  vpc2: string;
  permit: PermitRow[];
}

const subnetsOf = (entry: Record<string, unknown>, vpc: string) => arr(rec(entry[vpc]).subnets).map(str).join(", ");

export const vpcPeeringForm: FormDefinition<VpcPeeringValues> = {
  fromSpec(spec) {
    const entries = arr(spec.permit).map(rec);
    const vpcs = [...new Set(entries.flatMap((e) => Object.keys(e)))];
    const vpc1 = vpcs[0] ?? "";
    const vpc2 = vpcs[1] ?? "";
    const permit = entries.map((e) => ({ subnets1: subnetsOf(e, vpc1), subnets2: subnetsOf(e, vpc2) }));
    return { vpc1, vpc2, permit: permit.length ? permit : [{ subnets1: "", subnets2: "" }] };
  },
  toSpec(v, base) {
    const spec = rec(base);
    const side = (s: string) => {
      const list = splitList(s);
      return list.length ? { subnets: list } : {};
    };
    const vpc1 = v.vpc1.trim();
    const vpc2 = v.vpc2.trim();
    spec.permit = v.permit.map((row) => {
      const entry: Record<string, unknown> = {};
      if (vpc1) entry[vpc1] = side(row.subnets1);
      if (vpc2) entry[vpc2] = { ...rec(entry[vpc2]), ...side(row.subnets2) };
      return entry;
    });
    return spec;
  },
  paths: (v) => ["/spec/permit", "/spec/remote", ...v.permit.flatMap((_, i) => [`/spec/permit/${i}`, `/spec/permit/${i}/*`])],
  Fields: VpcPeeringFields,
};

function VpcPeeringFields({ values: v, set, issues, fabricId }: FieldsProps<VpcPeeringValues>) {
  const vpcs = useObjectNames(fabricId, "VPC");
  const update = (patch: Partial<VpcPeeringValues>) => set({ ...v, ...patch });
  const permitError = [...(issues.at("/spec/permit") ?? []), ...(issues.at("/spec/remote") ?? [])];
  return (
    <>
      <Section title="VPCs" description="Two distinct VPCs in the same IPv4Namespace and VLANNamespace.">
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField label="VPC 1" required error={permitError.length ? permitError : undefined}>
            <Input id="vpcpeer-vpc1" list="vpcpeer-vpcs" value={v.vpc1} onChange={(e) => update({ vpc1: e.target.value })} />
          </FormField>
          <FormField label="VPC 2" required>
            <Input id="vpcpeer-vpc2" list="vpcpeer-vpcs" value={v.vpc2} onChange={(e) => update({ vpc2: e.target.value })} />
          </FormField>
        </div>
        <NameOptions id="vpcpeer-vpcs" names={vpcs} />
      </Section>
      <Section title="Permit" description="Each entry lets the listed subnets of both VPCs talk; leave a side empty to permit all its subnets.">
        <RowList
          rows={v.permit}
          min={1}
          addLabel="Add permit entry"
          make={() => ({ subnets1: "", subnets2: "" })}
          onChange={(permit) => update({ permit })}
          render={(row, i, change) => (
            <div className="grid gap-3 sm:grid-cols-2">
              <FormField
                label={`${v.vpc1 || "VPC 1"} subnets (entry ${i + 1})`}
                error={v.vpc1 ? issues.under(`/spec/permit/${i}/${escapeToken(v.vpc1.trim())}`) ?? issues.at(`/spec/permit/${i}`) : issues.at(`/spec/permit/${i}`)}
              >
                <Input id={`vpcpeer-s1-${i}`} placeholder="all subnets" value={row.subnets1} onChange={(e) => change({ ...row, subnets1: e.target.value })} />
              </FormField>
              <FormField label={`${v.vpc2 || "VPC 2"} subnets (entry ${i + 1})`} error={v.vpc2 ? issues.under(`/spec/permit/${i}/${escapeToken(v.vpc2.trim())}`) : undefined}>
                <Input id={`vpcpeer-s2-${i}`} placeholder="all subnets" value={row.subnets2} onChange={(e) => change({ ...row, subnets2: e.target.value })} />
              </FormField>
            </div>
          )}
        />
      </Section>
    </>
  );
}
