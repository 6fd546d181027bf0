/**
 * Reading and writing a repository's content directly in the object database (no checkout): list the files below a
 * directory at a commit, read blobs, and build a new tree from a set of file changes.
 */
import fs from "node:fs";
import git, { Errors, type TreeEntry } from "isomorphic-git";

export interface TreeFile {
  /** Path from the repository root (posix). */
  path: string;
  /** Blob sha. */
  oid: string;
}

const YAML_FILE = /\.ya?ml$/i;

export function normalizeDir(dir: string): string {
  return dir.replace(/^\/+|\/+$/g, "");
}

/**
 * Every `*.yaml`/`*.yml` file below `dir` (repository root when empty) at `commit`, sorted by path; hidden folders
 * and files (names starting with ".") are left out.
 */
export async function listYamlFiles(repoDir: string, commit: string, dir: string, cache: object = {}): Promise<TreeFile[]> {
  const base = normalizeDir(dir);
  let rootOid: string;
  try {
    rootOid = (await git.readTree({ fs, dir: repoDir, oid: commit, filepath: base || undefined, cache })).oid;
  } catch (e) {
    if (e instanceof Errors.NotFoundError || e instanceof Errors.ObjectTypeError) return []; // directory absent
    throw e;
  }
  const out: TreeFile[] = [];
  const visit = async (oid: string, prefix: string): Promise<void> => {
    const { tree } = await git.readTree({ fs, dir: repoDir, oid, cache });
    await Promise.all(
      tree.map(async (e: TreeEntry) => {
        const p = prefix ? `${prefix}/${e.path}` : e.path;
        // Hidden folders and files (.github, .git-crypt, ...) hold tool configuration, never fabric objects.
        if (e.path.startsWith(".")) return;
        if (e.type === "tree") await visit(e.oid, p);
        else if (e.type === "blob" && YAML_FILE.test(e.path) && e.mode !== "120000") out.push({ path: p, oid: e.oid });
      }),
    );
  };
  await visit(rootOid, base);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const decoder = new TextDecoder("utf-8");

export async function readText(repoDir: string, oid: string, cache: object = {}): Promise<string> {
  const { blob } = await git.readBlob({ fs, dir: repoDir, oid, cache });
  return decoder.decode(blob);
}

/** Content of one file at a commit, or null when it does not exist. */
export async function readFileAt(repoDir: string, commit: string, filePath: string, cache: object = {}): Promise<string | null> {
  try {
    const { blob } = await git.readBlob({ fs, dir: repoDir, oid: commit, filepath: filePath, cache });
    return decoder.decode(blob);
  } catch (e) {
    if (e instanceof Errors.NotFoundError || e instanceof Errors.ObjectTypeError) return null;
    throw e;
  }
}

/** Blob sha of a file at a commit, or null. */
export async function fileOidAt(repoDir: string, commit: string, filePath: string, cache: object = {}): Promise<string | null> {
  try {
    const { oid } = await git.readBlob({ fs, dir: repoDir, oid: commit, filepath: filePath, cache });
    return oid;
  } catch (e) {
    if (e instanceof Errors.NotFoundError || e instanceof Errors.ObjectTypeError) return null;
    throw e;
  }
}

/**
 * Writes `changes` (path → new text, or null to delete) on top of the tree of `baseCommit` and returns the new root
 * tree oid. Directories left empty disappear, as in Git.
 */
export async function writeChanges(repoDir: string, baseCommit: string | null, changes: ReadonlyMap<string, string | null>): Promise<string> {
  const encoder = new TextEncoder();
  const blobs = new Map<string, string | null>();
  for (const [p, text] of changes) {
    blobs.set(normalizeDir(p), text === null ? null : await git.writeBlob({ fs, dir: repoDir, blob: encoder.encode(text) }));
  }
  const rootTree = baseCommit ? (await git.readCommit({ fs, dir: repoDir, oid: baseCommit })).commit.tree : null;
  const tree = await applyToTree(repoDir, rootTree, blobs);
  return tree ?? (await git.writeTree({ fs, dir: repoDir, tree: [] }));
}

async function applyToTree(repoDir: string, treeOid: string | null, changes: Map<string, string | null>): Promise<string | null> {
  const entries = new Map<string, TreeEntry>();
  if (treeOid) for (const e of (await git.readTree({ fs, dir: repoDir, oid: treeOid })).tree) entries.set(e.path, e);
  const sub = new Map<string, Map<string, string | null>>();
  for (const [p, oid] of changes) {
    const slash = p.indexOf("/");
    if (slash < 0) {
      if (oid === null) entries.delete(p);
      else entries.set(p, { mode: "100644", path: p, oid, type: "blob" });
      continue;
    }
    const head = p.slice(0, slash);
    let m = sub.get(head);
    if (!m) sub.set(head, (m = new Map()));
    m.set(p.slice(slash + 1), oid);
  }
  for (const [name, subChanges] of sub) {
    const existing = entries.get(name);
    const oid = await applyToTree(repoDir, existing?.type === "tree" ? existing.oid : null, subChanges);
    if (oid === null) entries.delete(name);
    else entries.set(name, { mode: "040000", path: name, oid, type: "tree" });
  }
  if (entries.size === 0) return null;
  return git.writeTree({ fs, dir: repoDir, tree: [...entries.values()] });
}
