// Ingestion from the real Git server: every Hedgehog sample, a repository mixing layouts with broken and foreign
// files, re-ingest idempotence, objects deleted from Git, broken files keep their objects (invalid) and alerts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyDocument } from "@/lib/hedgehog/registry";
import type { PrismaClient } from "@/server/db";
import { queueFabricSync, runFabricSync, type SyncResult } from "@/server/services/gitops";
import { BROKEN_YAML, mixedLayout, objectsIn, sample, sampleNames, samplesAvailable } from "../../support/git-fixtures";
import { ALICE, gitopsEnv, type GitopsEnv } from "./setup";

async function sync(db: PrismaClient, fabricId: string): Promise<SyncResult> {
  const opId = await queueFabricSync(db, fabricId, ALICE);
  const result = await runFabricSync(db, fabricId, { operationId: opId, actor: ALICE });
  if (!result) {
    const op = await db.syncOperation.findUniqueOrThrow({ where: { id: opId } });
    throw new Error(`sync failed: ${op.error}`);
  }
  return result;
}

/** Distinct Hedgehog fabric objects (kind/namespace/name) in a set of texts. */
function hedgehogKeys(texts: string[]): Set<string> {
  const keys = new Set<string>();
  for (const t of texts) {
    for (const o of objectsIn(t)) {
      if (classifyDocument(o.apiVersion, o.kind).type === "fabric") keys.add(`${o.kind}/${o.namespace ?? "default"}/${o.name}`);
    }
  }
  return keys;
}

describe.skipIf(!samplesAvailable())("ingest every Hedgehog sample", () => {
  let env: GitopsEnv;
  beforeAll(async () => {
    env = await gitopsEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("ingests each sample (one fabric per sample directory) with the right object count, twice in a row", async () => {
    const names = sampleNames();
    const files = Object.fromEntries(names.map((n) => [`samples/${n.replace(/\.yaml$/, "")}/${n}`, sample(n)]));
    await env.server.createRepo("samples", { files });
    const repoId = await env.repo("samples", env.server.url("samples"));
    for (const n of names) {
      const fabricId = await env.fabric(n.replace(/\.yaml$/, "").replace(/[^a-z0-9-]/g, "-").slice(0, 60).replace(/-+$/, ""), repoId, {
        gitPath: `samples/${n.replace(/\.yaml$/, "")}`,
      });
      const expected = hedgehogKeys([sample(n)]);
      const first = await sync(env.db, fabricId);
      expect(first.ingest.skipped, n).toBe(false);
      expect(first.ingest.files, n).toBe(1);
      const count = await env.db.hedgehogResource.count({ where: { fabricId, gitHash: { not: null } } });
      expect(count, n).toBe(expected.size);
      expect(first.ingest.inserted, n).toBe(expected.size);
      const rows = await env.db.hedgehogResource.findMany({ where: { fabricId }, select: { kind: true, namespace: true, name: true, gitFilePath: true, gitCommit: true } });
      expect(new Set(rows.map((r) => `${r.kind}/${r.namespace}/${r.name}`))).toEqual(expected);
      const head = await env.server.resolveRef("samples", "main");
      for (const r of rows) expect(r).toMatchObject({ gitFilePath: `samples/${n.replace(/\.yaml$/, "")}/${n}`, gitCommit: head });

      const second = await sync(env.db, fabricId);
      expect(second.ingest.skipped, n).toBe(true);
      expect(await env.db.hedgehogResource.count({ where: { fabricId } }), n).toBe(expected.size);
    }
  });
});

describe.skipIf(!samplesAvailable())("a repository mixing layouts, broken and foreign files", () => {
  let env: GitopsEnv;
  let fabricId: string;
  const layout = samplesAvailable() ? mixedLayout() : null;
  beforeAll(async () => {
    env = await gitopsEnv();
    await env.server.createRepo("mixed", { files: layout!.files });
    const repoId = await env.repo("mixed", env.server.url("mixed"));
    fabricId = await env.fabric("mixed", repoId);
  });
  afterAll(async () => {
    await env?.close();
  });

  it("takes the Hedgehog objects of every layout, skips foreign documents, records the broken file with its line", async () => {
    const result = await sync(env.db, fabricId);
    const layoutFiles = layout!.files;
    // Hidden folders (.github) hold tool configuration and are not read.
    const yamlFiles = Object.keys(layoutFiles).filter((p) => /\.ya?ml$/.test(p) && !p.startsWith("."));
    expect(result.ingest.files).toBe(yamlFiles.length);

    // Objects: every Hedgehog document of the valid files (the per-object files duplicate the relay sample's objects
    // only once each; duplicates across files are one object).
    const expected = hedgehogKeys(layout!.hedgehogFiles.map((p) => layoutFiles[p]!));
    const rows = await env.db.hedgehogResource.findMany({ where: { fabricId } });
    expect(new Set(rows.map((r) => `${r.kind}/${r.namespace}/${r.name}`))).toEqual(expected);
    expect(rows.some((r) => r.kind === "ConfigMap")).toBe(false);

    const gitFiles = await env.db.gitFile.findMany({ where: { fabricId } });
    expect(gitFiles.map((f) => f.path).sort()).toEqual(yamlFiles.sort());
    const byPath = new Map(gitFiles.map((f) => [f.path, f]));
    const broken = byPath.get("envs/dev/broken.yaml")!;
    const errors = (broken.errors as { errors: Array<{ rule: string; line?: number; message: string }> }).errors;
    expect(errors[0]).toMatchObject({ rule: "yaml.syntax" });
    expect(errors[0]!.line).toBeGreaterThan(1);
    expect(broken.objects).toBe(0);
    expect(byPath.get("envs/dev/configmap.yaml")).toMatchObject({ objects: 0, skipped: 1 });
    expect(byPath.get("envs/dev/mixed.yaml")).toMatchObject({ objects: 1, skipped: 1 });
    expect(byPath.get("envs/dev/comments-only.yaml")).toMatchObject({ objects: 0, skipped: 0, errors: null });
    expect(result.ingest.skippedDocuments).toBe(2);
    expect(result.ingest.invalidFiles).toBeGreaterThanOrEqual(1);

    const alerts = await env.db.alert.findMany({ where: { fabricId, type: "invalid-file" } });
    expect(alerts.map((a) => a.fingerprint)).toContain(`invalid-file:${fabricId}:envs/dev/broken.yaml`);
    const brokenAlert = alerts.find((a) => a.fingerprint.endsWith("envs/dev/broken.yaml"))!;
    expect(brokenAlert).toMatchObject({ state: "open", count: 1, severity: "warning" });
    expect(brokenAlert.message).toMatch(/^envs\/dev\/broken\.yaml:\d+: YAML syntax error/);
  });

  it("re-ingesting an unchanged HEAD writes nothing", async () => {
    const before = await env.db.hedgehogResource.findMany({ where: { fabricId }, select: { id: true, updatedAt: true }, orderBy: { id: "asc" } });
    const filesBefore = await env.db.gitFile.findMany({ where: { fabricId }, select: { id: true, updatedAt: true }, orderBy: { id: "asc" } });
    const transitions = await env.db.stateTransition.count({ where: { fabricId } });
    const result = await sync(env.db, fabricId);
    expect(result.ingest).toMatchObject({ skipped: true, inserted: 0, updated: 0 });
    expect(await env.db.hedgehogResource.findMany({ where: { fabricId }, select: { id: true, updatedAt: true }, orderBy: { id: "asc" } })).toEqual(before);
    expect(await env.db.gitFile.findMany({ where: { fabricId }, select: { id: true, updatedAt: true }, orderBy: { id: "asc" } })).toEqual(filesBefore);
    expect(await env.db.stateTransition.count({ where: { fabricId } })).toBe(transitions);

    // Even a forced re-read of the same content (new commit, same files) rewrites nothing.
    await env.server.commitFiles("mixed", { branch: "main", files: { "README.md": "# touched\n" }, message: "docs only" });
    const again = await sync(env.db, fabricId);
    expect(again.ingest).toMatchObject({ skipped: false, filesChanged: 0, inserted: 0, updated: 0, removed: 0 });
    expect(await env.db.hedgehogResource.findMany({ where: { fabricId }, select: { id: true, updatedAt: true }, orderBy: { id: "asc" } })).toEqual(before);
    const alert = await env.db.alert.findFirstOrThrow({ where: { fingerprint: `invalid-file:${fabricId}:envs/dev/broken.yaml` } });
    expect(alert.count).toBe(1);
  });

  it("detects objects deleted from Git and the fix of a broken file (alert resolved)", async () => {
    const relayFiles = Object.keys(layout!.files).filter((p) => p.startsWith("envs/prod/objects/"));
    const gone = relayFiles[0]!;
    const goneObject = objectsIn(layout!.files[gone]!)[0]!;
    await env.server.commitFiles("mixed", {
      branch: "main",
      files: { [gone]: null, "envs/dev/broken.yaml": null },
      message: "remove one object and the broken file",
    });
    const result = await sync(env.db, fabricId);
    expect(result.ingest.removed).toBe(1);
    expect(await env.db.gitFile.findFirst({ where: { fabricId, path: "envs/dev/broken.yaml" } })).toBeNull();
    const row = await env.db.hedgehogResource.findFirst({ where: { fabricId, kind: goneObject.kind, name: goneObject.name } });
    // Nothing else holds it (no draft, no live version): the row is gone.
    expect(row).toBeNull();
    expect(await env.db.gitFile.findFirst({ where: { fabricId, path: gone } })).toBeNull();
    const alert = await env.db.alert.findFirstOrThrow({ where: { fingerprint: `invalid-file:${fabricId}:envs/dev/broken.yaml` } });
    expect(alert.state).toBe("resolved");
  });

  it("a file that stops parsing keeps its objects, marked invalid with the finding; fixing it restores them", async () => {
    const file = "envs/dev/vpcs.yaml";
    const original = layout!.files[file]!;
    const keys = hedgehogKeys([original]);
    const statesBefore = new Map((await env.db.hedgehogResource.findMany({ where: { fabricId, gitFilePath: file } })).map((r) => [r.name, r.state]));
    expect(statesBefore.size).toBe(keys.size);
    await env.server.commitFiles("mixed", { branch: "main", files: { [file]: `${original}\n---\n${BROKEN_YAML}` }, message: "typo" });
    await sync(env.db, fabricId);
    const rows = await env.db.hedgehogResource.findMany({ where: { fabricId, gitFilePath: file } });
    expect(rows.length).toBe(keys.size);
    expect(rows.every((r) => r.state === "invalid")).toBe(true);
    for (const r of rows) expect((r.validationErrors as Array<{ rule: string }>).some((f) => f.rule === "yaml.syntax")).toBe(true);
    expect(await env.db.alert.count({ where: { fingerprint: `invalid-file:${fabricId}:${file}`, state: "open" } })).toBe(1);

    await env.server.commitFiles("mixed", { branch: "main", files: { [file]: original }, message: "fix typo" });
    await sync(env.db, fabricId);
    const fixed = await env.db.hedgehogResource.findMany({ where: { fabricId, gitFilePath: file } });
    expect(fixed.length).toBe(keys.size);
    expect(new Map(fixed.map((r) => [r.name, r.state]))).toEqual(statesBefore);
    for (const r of fixed) expect(JSON.stringify(r.validationErrors ?? [])).not.toContain("yaml.syntax");
    // The file still breaks cross-file rules of this partial fabric (missing namespaces), so its alert stays open, but
    // it now tells that problem, not the syntax error.
    const alert = await env.db.alert.findFirstOrThrow({ where: { fingerprint: `invalid-file:${fabricId}:${file}`, state: "open" } });
    expect(alert.message).not.toContain("YAML syntax error");
  });
});
