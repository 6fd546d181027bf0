/** The switch-profile catalog matches shared/hedgehog/switch-catalog.md and switch-catalog-cumulus-vx.md. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { allowedPorts, getSwitchProfile, portExists, switchProfileNames } from "@/lib/hedgehog/catalog";

const MD = fs.readFileSync(path.resolve(process.cwd(), "../shared/hedgehog/switch-catalog.md"), "utf8");

/** Profile name → number of rows in its "Available Ports" table, read from the published doc. */
function docPortCounts(): Map<string, number> {
  const out = new Map<string, number>();
  let name = "";
  let inTable = false;
  for (const line of MD.split("\n")) {
    const m = /^Profile Name .*\*\*([a-z0-9-]+)\*\*/.exec(line);
    if (m) {
      name = m[1];
      out.set(name, 0);
      inTable = false;
    } else if (line.startsWith("| Port |")) inTable = true;
    else if (inTable && /^\| (M\d+|E\d+\/\d+) \|/.test(line)) out.set(name, (out.get(name) ?? 0) + 1);
    else if (inTable && line.trim() === "") inTable = out.get(name) === 0;
  }
  return out;
}

describe("switch catalog", () => {
  const counts = docPortCounts();
  test("the doc lists 16 profiles", () => expect(counts.size).toBe(16));

  test.each([...counts.entries()])("%s is present with %i ports", (name, n) => {
    const p = getSwitchProfile(name);
    expect(p).toBeDefined();
    expect(p?.ports.length).toBe(n);
    expect(switchProfileNames()).toContain(name);
  });

  test("features follow the doc", () => {
    const ds5000 = getSwitchProfile("celestica-ds5000")?.features;
    expect(ds5000).toMatchObject({ l2vni: false, l3vni: true, eslag: false, ecmpRoCEQPN: true });
    expect(getSwitchProfile("vs")?.features).toMatchObject({ acls: false, l2vni: true, l3vni: true, mclag: true, eslag: true, portLocator: false });
    expect(getSwitchProfile("celestica-ds4000")?.maxPorts).toBe(144);
    expect(getSwitchProfile("celestica-ds4000")?.pipelines.get("1")).toMatchObject({ maxPorts: 18, ports: ["E1/1", "E1/2", "E1/3", "E1/4"] });
  });

  test("port types, groups, labels and speeds", () => {
    const s5248 = getSwitchProfile("dell-s5248f-on");
    expect(s5248?.portByName.get("E1/1")).toMatchObject({ type: "group", group: "1", default: "25G" });
    expect(s5248?.groups.get("1")?.ports).toEqual(["E1/1", "E1/2", "E1/3", "E1/4"]);
    expect(getSwitchProfile("celestica-ds4101")?.portByName.get("E1/33")).toMatchObject({ label: "M1", type: "direct", default: "10G" });
    expect(getSwitchProfile("edgecore-eps202")?.portByName.get("E1/1")).toMatchObject({ autoNegAllowed: true, autoNegDefault: true });
    expect(getSwitchProfile("celestica-ds2000")?.portByName.get("E1/49")).toMatchObject({ type: "breakout", default: "1x100G" });
  });

  test("cumulus-vx is registered only with includeCumulus", () => {
    expect(switchProfileNames()).not.toContain("cumulus-vx");
    expect(switchProfileNames({ includeCumulus: true })).toContain("cumulus-vx");
    const cvx = getSwitchProfile("cumulus-vx");
    expect(cvx?.ports.map((p) => p.name)).toEqual(["M1", ...Array.from({ length: 33 }, (_, i) => `E1/${i + 1}`)]);
    expect(cvx?.features).toMatchObject({ acls: false, l2vni: true, l3vni: true, roce: true, eslag: true, ecmpRoCEQPN: false });
  });

  test("breakout ports: bare name aliases sub-port 1; sub-ports follow the mode", () => {
    const ds3000 = getSwitchProfile("celestica-ds3000");
    if (!ds3000) throw new Error("missing");
    expect(portExists(ds3000, "E1/1")).toBe(true);
    expect(portExists(ds3000, "E1/1/1")).toBe(true);
    expect(portExists(ds3000, "E1/1/2")).toBe(false); // default 1x100G
    expect(portExists(ds3000, "E1/1/4", { "E1/1": "4x25G" })).toBe(true);
    expect(portExists(ds3000, "E1/1/5", { "E1/1": "4x25G" })).toBe(false);
    expect(portExists(ds3000, "E1/33")).toBe(true);
    expect(portExists(ds3000, "E1/33/1")).toBe(false);
    expect(portExists(ds3000, "E1/34")).toBe(false);
    expect(portExists(ds3000, "M1")).toBe(true);
    expect(allowedPorts(ds3000, { "E1/2": "2x50G" }).has("E1/2/2")).toBe(true);
  });
});
