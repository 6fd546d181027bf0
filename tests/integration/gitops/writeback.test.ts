// Write-back in push mode against the real Git server: one commit per change set (author, message, in-place edits
// keeping comments, new canonical files, deletions), remote moved → rebased push, same object changed on both sides →
// conflict with nothing lost and both resolutions, push rejected by the server, and a 2,000-object change set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalize, toCanonicalYaml } from "@/lib/hedgehog/canonical";
import type { HhObject } from "@/lib/hedgehog/types";
import { replaceDocument } from "@/lib/hedgehog/yaml";
import { Prisma, type PrismaClient } from "@/server/db";
import {
  getPendingChangeSet,
  queueFabricSync,
  queueSubmit,
  resolveConflict,
  runFabricSync,
  runSubmit,
  type SubmitResult,
} from "@/server/services/gitops";
import { deleteResource, hashObject, writeResource } from "@/server/services/resources";
import { filesByKind, HEADER, smallFabric } from "./fabric-fixture";
import { ALICE, gitopsEnv, type GitopsEnv } from "./setup";

async function sync(db: PrismaClient, fabricId: string): Promise<void> {
  const opId = await queueFabricSync(db, fabricId, ALICE);
  const r = await runFabricSync(db, fabricId, { operationId: opId, actor: ALICE });
  if (!r) throw new Error(`sync failed: ${(await db.syncOperation.findUniqueOrThrow({ where: { id: opId } })).error}`);
}

async function submit(db: PrismaClient, fabricId: string, message: string, beforePush?: (attempt: number) => Promise<void>): Promise<SubmitResult & { operationId: string }> {
  const { changeSetId, syncOperationId } = await queueSubmit(db, fabricId, { mode: "push", message, actor: ALICE });
  const r = await runSubmit(db, changeSetId, { operationId: syncOperationId, actor: ALICE, beforePush });
  return { ...r, operationId: syncOperationId };
}

async function desired(db: PrismaClient, fabricId: string, kind: string, name: string): Promise<HhObject> {
  const row = await db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind, name } });
  return row.desired as unknown as HhObject;
}

async function relabel(db: PrismaClient, fabricId: string, name: string, team: string): Promise<void> {
  const vpc = await desired(db, fabricId, "VPC", name);
  await writeResource(db, ALICE, fabricId, { object: { ...vpc, metadata: { ...vpc.metadata, labels: { team } } } }, { op: "update", kind: "VPC", name });
}

describe("write-back, push mode", () => {
  let env: GitopsEnv;
  let fabricId: string;
  const REPO = "wb";
  beforeAll(async () => {
    env = await gitopsEnv();
    await env.server.createRepo(REPO, { files: { "README.md": "# fabric\n", ...filesByKind(smallFabric(), "fabric") } });
    const repoId = await env.repo(REPO, env.server.url(REPO));
    fabricId = await env.fabric("wb", repoId, { gitPath: "fabric" });
    await sync(env.db, fabricId);
  });
  afterAll(async () => {
    await env?.close();
  });

  it("writes the change set as ONE commit: edit in place, new canonical file, deletion; author and message", async () => {
    const before = await env.server.log(REPO, "main");
    await relabel(env.db, fabricId, "vpc-1", "blue");
    const vpc1 = await desired(env.db, fabricId, "VPC", "vpc-1");
    const newVpc = { apiVersion: vpc1.apiVersion, kind: "VPC", metadata: { name: "vpc-new" }, spec: { subnets: { default: { subnet: "10.7.200.0/24", vlan: 2990 } } } };
    await writeResource(env.db, ALICE, fabricId, { object: newVpc }, { op: "create" });
    const peering = await env.db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "VPCPeering" } });
    const peeringsText = (await env.server.readFile(REPO, "main", "fabric/vpcpeerings.yaml"))!;
    const peeringCount = (peeringsText.match(/^kind: VPCPeering$/gm) ?? []).length;
    await deleteResource(env.db, ALICE, fabricId, "VPCPeering", peering.name);

    const pending = await getPendingChangeSet(env.db, fabricId);
    expect(pending?.items.map((i) => `${i.action} ${i.kind} ${i.name}`).sort()).toEqual(
      [`create VPC vpc-new`, `delete VPCPeering ${peering.name}`, `update VPC vpc-1`].sort(),
    );
    const vpc1Item = pending!.items.find((i) => i.name === "vpc-1")!;
    expect(vpc1Item.afterYaml).toContain("team: blue");
    expect(vpc1Item.beforeYaml).not.toContain("team: blue");

    const result = await submit(env.db, fabricId, "Add vpc-new, label vpc-1");
    expect(result).toMatchObject({ status: "submitted", attempts: 1, files: 3 });

    const after = await env.server.log(REPO, "main");
    expect(after.length).toBe(before.length + 1);
    const [top] = after;
    expect(top!.sha).toBe(result.commit);
    expect(top!.parents).toEqual([before[0]!.sha]);
    expect(top!.author).toEqual({ name: "alice", email: "alice@hfm.local" });
    expect(top!.message).toMatch(/^Add vpc-new, label vpc-1\n\nHFM change set \S+ for fabric wb: 1 created, 1 updated, 1 deleted\n\n/);
    expect(top!.message).toContain("- create VPC vpc-new");
    expect(top!.files.sort()).toEqual(["fabric/vpcpeerings.yaml", "fabric/vpcs.yaml", "fabric/vpcs/vpc-new.yaml"]);

    const vpcs = (await env.server.readFile(REPO, "main", "fabric/vpcs.yaml"))!;
    expect(vpcs.startsWith(HEADER)).toBe(true);
    expect(vpcs).toContain("team: blue");
    expect((vpcs.match(/^kind: VPC$/gm) ?? []).length).toBe(4);
    const created = await desired(env.db, fabricId, "VPC", "vpc-new");
    expect(await env.server.readFile(REPO, "main", "fabric/vpcs/vpc-new.yaml")).toBe(toCanonicalYaml(created));
    const peeringsAfter = await env.server.readFile(REPO, "main", "fabric/vpcpeerings.yaml");
    if (peeringCount === 1) expect(peeringsAfter).toBeNull();
    else expect(peeringsAfter).not.toContain(`name: ${peering.name}\n`);

    // The change set is done, the objects are committed, the deleted object is gone.
    const set = await env.db.changeSet.findUniqueOrThrow({ where: { id: result.changeSetId } });
    expect(set).toMatchObject({ status: "submitted", mode: "push", commitSha: top!.sha, submittedBy: "alice", error: null });
    expect(await getPendingChangeSet(env.db, fabricId)).toBeNull();
    for (const name of ["vpc-1", "vpc-new"]) {
      const row = await env.db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "VPC", name } });
      expect(row.state, name).toBe("committed");
      expect(row.gitHash).toBe(row.desiredHash);
      expect(row.gitCommit).toBe(top!.sha);
    }
    expect(await env.db.hedgehogResource.findFirst({ where: { id: peering.id } })).toBeNull();
    const op = await env.db.syncOperation.findUniqueOrThrow({ where: { id: result.operationId }, include: { steps: { orderBy: { position: "asc" } } } });
    expect(op.status).toBe("succeeded");
    expect(op.steps.map((s) => [s.name, s.status])).toEqual([
      ["fetch-git", "succeeded"],
      ["ingest", "succeeded"],
      ["commit", "succeeded"],
      ["push", "succeeded"],
    ]);
  });

  it("remote moved (non-fast-forward): fetches, re-applies on the new HEAD, pushes; the other change is kept", async () => {
    await relabel(env.db, fabricId, "vpc-2", "green");
    let outside = "";
    const result = await submit(env.db, fabricId, "Label vpc-2", async (attempt) => {
      if (attempt === 1) {
        outside = await env.server.commitFiles(REPO, { branch: "main", files: { "fabric/NOTES.md": "someone else\n" }, message: "Someone else's change" });
      }
    });
    expect(result).toMatchObject({ status: "submitted", attempts: 2 });
    const [top, second] = await env.server.log(REPO, "main");
    expect(top!.sha).toBe(result.commit);
    expect(top!.parents).toEqual([outside]);
    expect(second!.sha).toBe(outside);
    expect(top!.files).toEqual(["fabric/vpcs.yaml"]);
    expect(await env.server.readFile(REPO, "main", "fabric/NOTES.md")).toBe("someone else\n");
    expect(await env.server.readFile(REPO, "main", "fabric/vpcs.yaml")).toContain("team: green");
  });

  it("same object changed in Git since the edit → conflict, alert, nothing overwritten; keep mine / take Git's", async () => {
    await relabel(env.db, fabricId, "vpc-3", "red");
    await relabel(env.db, fabricId, "vpc-4", "red");
    // Someone changes vpc-3 and vpc-4 in Git meanwhile.
    let text = (await env.server.readFile(REPO, "main", "fabric/vpcs.yaml"))!;
    for (const name of ["vpc-3", "vpc-4"]) {
      const git = (await env.db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "VPC", name } })).git as unknown as HhObject;
      text = replaceDocument(text, { kind: "VPC", name }, { ...git, metadata: { ...git.metadata, labels: { team: "yellow" } } });
    }
    const outside = await env.server.commitFiles(REPO, { branch: "main", files: { "fabric/vpcs.yaml": text }, message: "Yellow team" });

    const result = await submit(env.db, fabricId, "Red team");
    expect(result.status).toBe("conflict");
    expect(result.conflicts?.map((c) => c.name).sort()).toEqual(["vpc-3", "vpc-4"]);
    expect(await env.server.resolveRef(REPO, "main")).toBe(outside); // nothing pushed
    const vpc3 = await env.db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "VPC", name: "vpc-3" } });
    expect(vpc3.state).toBe("conflict");
    expect((vpc3.desired as unknown as HhObject).metadata.labels).toEqual({ team: "red" }); // the edit is kept
    expect((vpc3.git as unknown as HhObject).metadata.labels).toEqual({ team: "yellow" }); // Git's version is known
    const alert = await env.db.alert.findFirstOrThrow({ where: { fingerprint: `conflict:${fabricId}:VPC/default/vpc-3` } });
    expect(alert).toMatchObject({ state: "open", type: "conflict", resourceName: "vpc-3" });
    const pending = (await getPendingChangeSet(env.db, fabricId))!;
    expect(pending).toMatchObject({ id: result.changeSetId, status: "pending" });
    expect(pending.error).toMatch(/changed in Git since they were edited/);
    expect(pending.items.filter((i) => i.conflict).map((i) => i.name).sort()).toEqual(["vpc-3", "vpc-4"]);
    await expect(queueSubmit(env.db, fabricId, { mode: "push", actor: ALICE })).rejects.toThrow(/in conflict with Git/);

    // vpc-3: keep mine (overwrite Git's change knowingly); vpc-4: take Git's.
    const item3 = pending.items.find((i) => i.name === "vpc-3")!;
    const item4 = pending.items.find((i) => i.name === "vpc-4")!;
    await resolveConflict(env.db, ALICE, fabricId, item3.id, "keep-mine");
    expect((await env.db.hedgehogResource.findUniqueOrThrow({ where: { id: vpc3.id } })).state).toBe("draft");
    const afterTake = await resolveConflict(env.db, ALICE, fabricId, item4.id, "take-git");
    expect(afterTake?.items.map((i) => i.name)).toEqual(["vpc-3"]);
    const vpc4 = await env.db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "VPC", name: "vpc-4" } });
    expect(vpc4.state).toBe("committed");
    expect((vpc4.desired as unknown as HhObject).metadata.labels).toEqual({ team: "yellow" });
    expect(await env.db.alert.findFirstOrThrow({ where: { fingerprint: `conflict:${fabricId}:VPC/default/vpc-4` } })).toMatchObject({ state: "resolved" });

    const second = await submit(env.db, fabricId, "Red team, after review");
    expect(second.status).toBe("submitted");
    const final = (await env.server.readFile(REPO, "main", "fabric/vpcs.yaml"))!;
    const after3 = (await env.db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "VPC", name: "vpc-3" } }));
    expect(after3.state).toBe("committed");
    expect((after3.git as unknown as HhObject).metadata.labels).toEqual({ team: "red" });
    expect(final).toContain("team: yellow"); // vpc-4 keeps Git's label
    expect(await env.db.alert.findFirstOrThrow({ where: { fingerprint: `conflict:${fabricId}:VPC/default/vpc-3` } })).toMatchObject({ state: "resolved" });
  });

  it("push rejected by the server → change set failed with the server's message, alert, the edit kept as a draft", async () => {
    await env.server.rejectPushes(REPO, "GL-HOOK-ERR: main is protected, open a merge request");
    try {
      await relabel(env.db, fabricId, "vpc-1", "purple");
      const head = await env.server.resolveRef(REPO, "main");
      const result = await submit(env.db, fabricId, "Purple");
      expect(result.status).toBe("failed");
      expect(result.message).toContain("GL-HOOK-ERR: main is protected, open a merge request");
      expect(await env.server.resolveRef(REPO, "main")).toBe(head);
      const set = await env.db.changeSet.findUniqueOrThrow({ where: { id: result.changeSetId } });
      expect(set.status).toBe("failed");
      expect(set.error).toContain("GL-HOOK-ERR: main is protected");
      const alert = await env.db.alert.findFirstOrThrow({ where: { fingerprint: `push-rejected:${fabricId}` } });
      expect(alert).toMatchObject({ state: "open", type: "push-rejected", severity: "warning" });
      // Nothing lost: the edit is in the (new) pending change set, still a draft.
      const pending = (await getPendingChangeSet(env.db, fabricId))!;
      expect(pending.id).not.toBe(result.changeSetId);
      expect(pending.items.map((i) => i.name)).toEqual(["vpc-1"]);
      const row = await env.db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "VPC", name: "vpc-1" } });
      expect(row.state).toBe("draft");
      expect((row.desired as unknown as HhObject).metadata.labels).toEqual({ team: "purple" });
    } finally {
      await env.server.acceptPushes(REPO);
    }
    const retry = await submit(env.db, fabricId, "Purple, again");
    expect(retry.status).toBe("submitted");
    expect(await env.db.alert.findFirstOrThrow({ where: { fingerprint: `push-rejected:${fabricId}` } })).toMatchObject({ state: "resolved" });
  });
});

describe("a 2,000-object change set", () => {
  let env: GitopsEnv;
  beforeAll(async () => {
    env = await gitopsEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  it("reaches the remote as exactly one commit", async () => {
    const all = smallFabric({ vpcs: 2010 });
    const referenced = new Set(all.filter((o) => o.kind === "VPCAttachment").map((o) => String((o.spec as { subnet: string }).subnet).split("/")[0]));
    const spare = all.filter((o) => o.kind === "VPC" && !referenced.has(o.metadata.name));
    const toCreate = spare.slice(0, 2000);
    const createNames = new Set(toCreate.map((o) => o.metadata.name));
    const base = all.filter((o) => o.kind !== "VPCPeering" && !createNames.has(o.metadata.name));
    await env.server.createRepo("big", { files: filesByKind(base, "fabric") });
    const repoId = await env.repo("big", env.server.url("big"));
    const fabricId = await env.fabric("big", repoId, { gitPath: "fabric" });
    await sync(env.db, fabricId);

    // 2,000 drafts, recorded in bulk the way the resource store records them (desired + a change-set item each).
    const set = await env.db.changeSet.create({ data: { fabricId, status: "pending", createdBy: "alice" } });
    const rows = toCreate.map((o) => {
      const c = canonicalize({ ...o, metadata: { ...o.metadata, namespace: "default" } });
      return { c, hash: hashObject(c) };
    });
    await env.db.hedgehogResource.createMany({
      data: rows.map(({ c, hash }) => ({ fabricId, kind: "VPC", apiVersion: c.apiVersion, namespace: "default", name: c.metadata.name, desired: c as unknown as Prisma.InputJsonValue, desiredHash: hash, state: "draft" as const })),
    });
    const ids = new Map((await env.db.hedgehogResource.findMany({ where: { fabricId, kind: "VPC", name: { in: [...createNames] } }, select: { id: true, name: true } })).map((r) => [r.name, r.id]));
    await env.db.changeSetItem.createMany({
      data: rows.map(({ c }) => ({ changeSetId: set.id, resourceId: ids.get(c.metadata.name)!, kind: "VPC", namespace: "default", name: c.metadata.name, action: "create" as const, after: c as unknown as Prisma.InputJsonValue })),
    });

    const before = await env.server.log("big", "main");
    const result = await submit(env.db, fabricId, "Two thousand VPCs");
    expect(result).toMatchObject({ status: "submitted", files: 2000 });
    const after = await env.server.log("big", "main");
    expect(after.length).toBe(before.length + 1);
    expect(after[0]!.files.length).toBe(2000);
    expect(after[0]!.files.every((f) => /^fabric\/vpcs\/vpc-\d+\.yaml$/.test(f))).toBe(true);
    expect(await env.db.hedgehogResource.count({ where: { fabricId, kind: "VPC", name: { in: [...createNames] }, state: "committed" } })).toBe(2000);
  });
});
