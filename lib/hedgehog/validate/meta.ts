/** §2: namespace and name rules for every object. */
import { type Ctx } from "./context";

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SHORT_NAME_KINDS = new Set(["VPC", "IPv4Namespace", "External"]);
const FABRICATOR_GROUP = "fabricator.githedgehog.com/";

export function validateMetadata(ctx: Ctx): void {
  for (const so of ctx.objects) {
    const o = so.object;
    const name = typeof o.metadata?.name === "string" ? o.metadata.name : "";
    const fabricator = typeof o.apiVersion === "string" && o.apiVersion.startsWith(FABRICATOR_GROUP);
    const wantNs = fabricator ? "fab" : "default";
    const ns = o.metadata?.namespace;
    if (ns !== undefined && ns !== "" && ns !== wantNs) {
      ctx.emit(
        so,
        "meta.namespace",
        "/metadata/namespace",
        fabricator
          ? `namespace "${ns}" is not allowed: fab.yaml objects live in namespace fab; set metadata.namespace: fab`
          : `namespace "${ns}" is not supported (only default namespace is currently supported): remove metadata.namespace or set it to default`,
      );
    }
    if (fabricator) continue;
    if (name === "") continue; // structural check reports a missing name
    if (!NAME_RE.test(name)) {
      ctx.emit(
        so,
        "meta.name.format",
        "/metadata/name",
        `name "${name}" is not a valid name: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. ${suggestName(name)})`,
      );
    }
    if (name.length > 253) {
      ctx.emit(so, "meta.name.length", "/metadata/name", `name is ${name.length} characters long: shorten it to at most 253`);
    } else if (SHORT_NAME_KINDS.has(o.kind) && name.length > 11) {
      ctx.emit(so, "meta.name.length", "/metadata/name", `${o.kind} name "${name}" is ${name.length} characters long: ${o.kind} names must be at most 11 characters`);
    }
    if (o.kind === "VPC" && name.startsWith("ext.")) {
      ctx.emit(so, "vpc.name.reserved", "/metadata/name", `VPC name "${name}" starts with "ext.", which is reserved for externals: rename the VPC`);
    }
  }
}

function suggestName(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  return s || "my-object";
}
