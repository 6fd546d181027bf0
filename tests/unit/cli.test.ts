import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/hfm.mjs");
const SAMPLES = path.resolve(ROOT, "../shared/hedgehog/samples");
const L3VNI = path.join(SAMPLES, "fabric-testdata-l3vni-spine-leaf.reconstructed.wiring.yaml");

function hfm(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;

const VALID_NS = "apiVersion: vpc.githedgehog.com/v1beta1\nkind: IPv4Namespace\nmetadata:\n  name: default\nspec:\n  subnets:\n  - 10.0.0.0/16\n";
const BAD_VPC = [
  "apiVersion: vpc.githedgehog.com/v1beta1",
  "kind: VPC",
  "metadata:",
  "  name: vpc-1",
  "spec:",
  "  subnets:",
  "    default:",
  "      subnet: 10.0.1.0/24",
  "      vlann: 1001",
  "",
].join("\n");

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hfm-cli-"));
  fs.mkdirSync(path.join(tmp, "fabric/include/nested"), { recursive: true });
  fs.mkdirSync(path.join(tmp, "fabric/.git"), { recursive: true });
  fs.copyFileSync(L3VNI, path.join(tmp, "fabric/include/wiring.yaml"));
  fs.writeFileSync(path.join(tmp, "fabric/include/nested/notes.txt"), "not yaml: [\n");
  fs.writeFileSync(path.join(tmp, "fabric/.git/ignored.yaml"), "this: [is not read\n");
  fs.writeFileSync(path.join(tmp, "bad.yaml"), BAD_VPC);
  fs.writeFileSync(path.join(tmp, "ns.yml"), VALID_NS);
  fs.writeFileSync(path.join(tmp, "unreadable.yaml"), VALID_NS);
  fs.chmodSync(path.join(tmp, "unreadable.yaml"), 0o000);
  fs.mkdirSync(path.join(tmp, "broken"));
  fs.writeFileSync(path.join(tmp, "broken/ns.yaml"), VALID_NS);
  fs.symlinkSync(path.join(tmp, "nowhere.yaml"), path.join(tmp, "broken/dangling.yaml"));
});

afterAll(() => {
  fs.chmodSync(path.join(tmp, "unreadable.yaml"), 0o600);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("hfm validate (the real CLI in a child process)", () => {
  it("exits 0 on a valid sample and prints warnings and a summary", () => {
    const r = hfm(["validate", L3VNI]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^valid: 41 objects in 1 file, 0 errors, \d+ warnings?/);
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^warning: .+:\d+ \S+\/\S+ \/\S*: .+ \[[a-z0-9.-]+\]$/);
  });

  it("walks directories recursively for *.yaml/*.yml, skipping hidden directories and other files", () => {
    const r = hfm(["validate", "fabric"], tmp);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(path.join("fabric", "include", "wiring.yaml"));
    expect(r.stdout.trim().split("\n").at(-1)).toMatch(/^valid: 41 objects in 1 file,/);
  });

  it("exits 1 and prints file:document kind/name path: message [rule] for an invalid object", () => {
    const r = hfm(["validate", "bad.yaml", "ns.yml"], tmp);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toContain('bad.yaml:0 VPC/vpc-1 /spec/subnets/default/vlann: unknown field "vlann" in spec.subnets.default: did you mean "vlan"? known fields are dhcp, gateway, hostBGP, isolated, restricted, subnet, vlan, hostBGPMinPrefixLen, hostBGPMaxPrefixLen, hostBGPExtraPrefixes [schema.unknown-field]');
    expect(lines.at(-1)).toMatch(/^invalid: 2 objects in 2 files, 1 error, 0 warnings$/);
  });

  it("--format json prints exactly the validate report and nothing else on stdout", () => {
    const r = hfm(["validate", "--format", "json", "bad.yaml"], tmp);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["valid", "objects", "errors", "warnings", "skipped"]);
    expect(json.valid).toBe(false);
    expect(json.objects).toBe(1);
    expect(json.errors).toEqual([
      {
        document: 0,
        kind: "VPC",
        name: "vpc-1",
        path: "/spec/subnets/default/vlann",
        rule: "schema.unknown-field",
        message: expect.stringContaining("vlann"),
        file: "bad.yaml",
        line: 9,
      },
    ]);
    expect(json.warnings).toEqual([]);
    const ok = hfm(["validate", "--format", "json", L3VNI]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, objects: 41, errors: [] });
  });

  it("exits 2 on a missing path or an unreadable file", () => {
    const missing = hfm(["validate", "does-not-exist.yaml", "ns.yml"], tmp);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("does-not-exist.yaml: no such file or directory");
    if (process.getuid?.() !== 0) {
      const unreadable = hfm(["validate", "unreadable.yaml"], tmp);
      expect(unreadable.code).toBe(2);
      expect(unreadable.stderr).toContain("cannot read unreadable.yaml");
    }
    // A dangling symlink in a directory is an unreadable file (works even when the tests run as root).
    const dangling = hfm(["validate", "broken"], tmp);
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toContain(`cannot read ${path.join("broken", "dangling.yaml")}`);
    const json = hfm(["validate", "--format", "json", "nope.yaml"], tmp);
    expect(json.code).toBe(2);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });

  it("exits 2 on bad usage and 0 with --help", () => {
    expect(hfm(["validate"]).code).toBe(2);
    expect(hfm(["validate", "--format", "xml", L3VNI]).code).toBe(2);
    expect(hfm(["frobnicate"]).code).toBe(2);
    const help = hfm(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("hfm validate");
    expect(help.stdout).toContain("--format");
  });

  it("--config fab.yaml overrides the fabric defaults (GPU-rail sample with its management subnet and Cumulus)", () => {
    const fab = [
      "apiVersion: fabricator.githedgehog.com/v1beta1",
      "kind: Fabricator",
      "metadata:",
      "  name: default",
      "  namespace: fab",
      "spec:",
      "  config:",
      "    control:",
      "      managementSubnet: 192.168.200.0/24",
      "      controlVIP: 192.168.200.1/32",
      "    fabric:",
      "      includeCumulus: true",
      "",
    ].join("\n");
    fs.writeFileSync(path.join(tmp, "fab.yaml"), fab);
    const gpu = path.join(SAMPLES, "nvidia-air-gpu-rail-2su.hydrated.wiring.yaml");
    expect(hfm(["validate", gpu]).code).toBe(1);
    const r = hfm(["validate", "--config", path.join(tmp, "fab.yaml"), gpu]);
    expect(r.stdout.trim().split("\n").at(-1)).toMatch(/^valid: 166 objects/);
    expect(r.code).toBe(0);
    expect(hfm(["validate", "--config", path.join(tmp, "missing-fab.yaml"), gpu]).code).toBe(2);
  });
});
