/** §5: the few fab.yaml rules that matter for a wiring checker (Fabricator.Validate). */
import { cidrContainsAddr, parseCidr } from "../ip";
import { appendPointer } from "../pointer";
import { asObj, asStr, specOf, type Ctx } from "./context";

export function validateFabricator(ctx: Ctx): void {
  for (const so of ctx.of("Fabricator")) {
    if (!asStr(so.object.apiVersion).startsWith("fabricator.githedgehog.com/")) continue;
    const name = asStr(so.object.metadata?.name);
    if (name !== "default") ctx.emit(so, "fabricator.name", "/metadata/name", `the Fabricator must be named default, not "${name}"`);
    const config = asObj(specOf(so.object).config);
    const control = asObj(config.control);
    const fabric = asObj(config.fabric);
    const hashes: Array<[string, string]> = [];
    const du = asObj(control.defaultUser);
    if (du.password !== undefined) hashes.push(["/spec/config/control/defaultUser/password", asStr(du.password)]);
    for (const [user, v] of Object.entries(asObj(fabric.defaultSwitchUsers))) {
      const u = asObj(v);
      if (u.password !== undefined) hashes.push([appendPointer("/spec/config/fabric/defaultSwitchUsers", user) + "/password", asStr(u.password)]);
    }
    for (const [p, h] of hashes) {
      if (!h.startsWith("$5$")) ctx.emit(so, "fabricator.password-hash", p, `password must be a SHA-256 crypt hash starting with $5$: generate it with openssl passwd -5`);
    }
    const vipText = asStr(control.controlVIP);
    const mgmtText = asStr(control.managementSubnet) || ctx.cfg.managementSubnet;
    if (vipText) {
      const vip = parseCidr(vipText.includes("/") ? vipText : `${vipText}/32`);
      const mgmt = parseCidr(mgmtText);
      if (!vip || vip.prefix !== 32) ctx.emit(so, "fabricator.control-vip", "/spec/config/control/controlVIP", `controlVIP "${vipText}" must be a /32 address such as 172.30.0.1/32`);
      else if (mgmt && !cidrContainsAddr(mgmt, vip.addr)) ctx.emit(so, "fabricator.control-vip", "/spec/config/control/controlVIP", `controlVIP ${vipText} is not inside the management subnet ${mgmtText}`);
    }
  }
}
