/**
 * `hfm` command line (design/API.md, "CLI"). All I/O lives here; validation is lib/hedgehog's validateSources, the
 * same function behind POST /api/v1/validate.
 *
 *   hfm validate [--format text|json] [--config fab.yaml] PATH...
 *
 * Exit codes: 0 valid, 1 some object is invalid, 2 unreadable input (missing path, unreadable file, bad usage).
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { fabricConfigFromFabricator } from "../../lib/hedgehog/fabric-config";
import { toValidateResponse, validateSources, type SourceFile } from "../../lib/hedgehog/report";
import type { FabricConfig, Finding, HhObject } from "../../lib/hedgehog/types";
import { parseYamlDocuments } from "../../lib/hedgehog/yaml";

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

const defaultIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
};

export const HELP = `hfm — Hedgehog Fabric Manager command line

Usage:
  hfm validate [--format text|json] [--config fab.yaml] PATH...
  hfm --help

validate
  Checks Hedgehog wiring and VPC files (multi-document YAML) the way the fabric does: strict structure against the
  CRD schemas (unknown fields, unknown or retired apiVersions and kinds), duplicate kind+name, defaulting, and every
  semantic rule (references, ports, subnets, VLANs, ...) over all the files together, so references resolve across
  files. PATH is a file or a directory (walked recursively for *.yaml and *.yml; hidden directories are skipped).
  Documents of other APIs (ConfigMaps, fab.yaml Fabricator objects, ...) are skipped, not errors.

  Text output: one line per problem,
    file:document kind/name path: message [rule]
  where document is the 0-based index of the YAML document in its file; warnings are prefixed with "warning: ".
  A summary line follows.

Options:
  --format text|json   json prints only the validation report:
                       {"valid", "objects", "errors": [{"document", "kind", "name", "path", "rule", "message",
                       "file", "line"}], "warnings": [...], "skipped": [...]}
  --config FILE        fab.yaml whose Fabricator spec.config overrides the fabric defaults (management subnet,
                       ASNs, reserved VLANs, includeCumulus, ...). Without it, a Fabricator found among the
                       validated files is used.
  -h, --help           show this help

Exit status: 0 valid, 1 some object is invalid, 2 unreadable input (missing path, unreadable file, bad usage).
`;

const optionsSchema = z.object({
  format: z.enum(["text", "json"]).default("text"),
  config: z.string().min(1).optional(),
  help: z.boolean().optional(),
});

class InputError extends Error {}

function isYamlFile(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** Expands PATH arguments to YAML files (directories walked recursively, sorted, hidden directories skipped). */
function collectFiles(args: string[], cwd: string, problems: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string, shown: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push(`cannot read directory ${shown}: ${(err as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const display = path.join(shown, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith(".") && e.name !== "node_modules") walk(full, display);
      } else if ((e.isFile() || e.isSymbolicLink()) && isYamlFile(e.name)) {
        out.push(display);
      }
    }
  };
  for (const arg of args) {
    const full = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(full);
    } catch {
      problems.push(`${arg}: no such file or directory`);
      continue;
    }
    if (st.isDirectory()) walk(full, arg);
    else out.push(arg);
  }
  return [...new Set(out)];
}

function readSources(files: string[], cwd: string, problems: string[]): SourceFile[] {
  const out: SourceFile[] = [];
  for (const file of files) {
    try {
      out.push({ file, text: fs.readFileSync(path.resolve(cwd, file), "utf8") });
    } catch (err) {
      problems.push(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  return out;
}

function configFrom(sources: SourceFile[]): Partial<FabricConfig> {
  const objects: HhObject[] = [];
  for (const s of sources) objects.push(...parseYamlDocuments(s.text, s.file).documents.map((d) => d.object));
  return fabricConfigFromFabricator(objects);
}

function formatFinding(f: Finding): string {
  const where = `${f.file ?? "<input>"}:${f.document ?? "-"}`;
  const who = f.kind || f.name ? ` ${f.kind || "?"}/${f.name || "?"}` : "";
  const at = f.path ? ` ${f.path}` : "";
  return `${f.severity === "warning" ? "warning: " : ""}${where}${who}${at}: ${f.message} [${f.rule}]\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function validateCommand(args: string[], opts: z.infer<typeof optionsSchema>, io: CliIO): number {
  if (args.length === 0) throw new InputError("validate needs at least one file or directory (hfm validate PATH...)");
  const problems: string[] = [];
  const files = collectFiles(args, io.cwd, problems);
  const sources = readSources(files, io.cwd, problems);

  let config: Partial<FabricConfig> | undefined;
  if (opts.config) {
    const cfg = readSources([opts.config], io.cwd, problems);
    if (cfg.length > 0) {
      const parsed = parseYamlDocuments(cfg[0].text, cfg[0].file);
      if (parsed.errors.length > 0) problems.push(`${opts.config}: ${parsed.errors[0].message}`);
      else if (!parsed.documents.some((d) => d.object.kind === "Fabricator")) problems.push(`${opts.config}: no Fabricator object found`);
      config = fabricConfigFromFabricator(parsed.documents.map((d) => d.object));
    }
  } else {
    const found = configFrom(sources);
    if (Object.keys(found).length > 0) config = found;
  }

  const report = validateSources(sources, config);
  for (const p of problems) io.stderr(`hfm: ${p}\n`);

  if (opts.format === "json") {
    io.stdout(JSON.stringify(toValidateResponse(report), null, 2) + "\n");
  } else {
    for (const f of report.errors) io.stdout(formatFinding(f));
    for (const f of report.warnings) io.stdout(formatFinding(f));
    const status = problems.length > 0 ? "unreadable input" : report.valid ? "valid" : "invalid";
    io.stdout(
      `${status}: ${plural(report.objects, "object")} in ${plural(sources.length, "file")}, ` +
        `${plural(report.errors.length, "error")}, ${plural(report.warnings.length, "warning")}` +
        (report.skipped.length > 0 ? `, ${report.skipped.length} non-fabric document${report.skipped.length === 1 ? "" : "s"} skipped` : "") +
        "\n",
    );
  }
  if (problems.length > 0) return 2;
  return report.valid ? 0 : 1;
}

/** Runs the CLI; returns the exit code. */
export function main(argv: string[], io: CliIO = defaultIO): number {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string" },
        config: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    io.stderr(`hfm: ${(err as Error).message}\nRun "hfm --help" for usage.\n`);
    return 2;
  }
  const opts = optionsSchema.safeParse(parsed.values);
  if (!opts.success) {
    const issue = opts.error.issues[0];
    io.stderr(`hfm: invalid --${String(issue.path[0] ?? "option")}: ${issue.message}\nRun "hfm --help" for usage.\n`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (opts.data.help || command === "help" || command === undefined) {
    io.stdout(HELP);
    return command === undefined && !opts.data.help ? 2 : 0;
  }
  try {
    if (command === "validate") return validateCommand(rest, opts.data, io);
    io.stderr(`hfm: unknown command "${command}"\nRun "hfm --help" for usage.\n`);
    return 2;
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr(`hfm: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
