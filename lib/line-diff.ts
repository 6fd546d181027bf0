/**
 * A small line diff (longest common subsequence over lines) for side-by-side previews of YAML before/after. Pure.
 * Common prefix and suffix are matched first, so the quadratic part only covers the changed middle.
 */

export type DiffOp = "equal" | "delete" | "insert";

export interface DiffLine {
  op: DiffOp;
  text: string;
  /** 1-based line numbers in the old / new text (null on the side where the line does not exist). */
  oldLine: number | null;
  newLine: number | null;
}

/** One row of a side-by-side view: a changed row pairs a deleted line with an inserted one when both exist. */
export interface SideBySideRow {
  left: { line: number; text: string } | null;
  right: { line: number; text: string } | null;
  changed: boolean;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Above this many cells in the changed middle, fall back to "all deleted, all inserted" (keeps memory bounded). */
const MAX_CELLS = 4_000_000;

export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push({ op: "equal", text: a[i]!, oldLine: i + 1, newLine: i + 1 });

  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS) {
    for (let i = start; i < endA; i++) out.push({ op: "delete", text: a[i]!, oldLine: i + 1, newLine: null });
    for (let j = start; j < endB; j++) out.push({ op: "insert", text: b[j]!, oldLine: null, newLine: j + 1 });
  } else {
    // lcs[i][j] = LCS length of a[start+i..endA) and b[start+j..endB)
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = a[start + i] === b[start + j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        out.push({ op: "equal", text: a[start + i]!, oldLine: start + i + 1, newLine: start + j + 1 });
        i++;
        j++;
      } else if (i < n && (j >= m || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
        // Deletions before insertions within a hunk, as `diff` prints them.
        out.push({ op: "delete", text: a[start + i]!, oldLine: start + i + 1, newLine: null });
        i++;
      } else {
        out.push({ op: "insert", text: b[start + j]!, oldLine: null, newLine: start + j + 1 });
        j++;
      }
    }
  }
  const shift = endB - endA;
  for (let i = endA; i < a.length; i++) out.push({ op: "equal", text: a[i]!, oldLine: i + 1, newLine: i + shift + 1 });
  return out;
}

/** Pairs deletions with insertions of the same hunk for a two-column view. */
export function sideBySide(lines: readonly DiffLine[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let k = 0;
  while (k < lines.length) {
    const l = lines[k]!;
    if (l.op === "equal") {
      rows.push({ left: { line: l.oldLine!, text: l.text }, right: { line: l.newLine!, text: l.text }, changed: false });
      k++;
      continue;
    }
    const dels: DiffLine[] = [];
    const ins: DiffLine[] = [];
    while (k < lines.length && lines[k]!.op !== "equal") {
      const x = lines[k]!;
      (x.op === "delete" ? dels : ins).push(x);
      k++;
    }
    for (let r = 0; r < Math.max(dels.length, ins.length); r++) {
      const d = dels[r];
      const i = ins[r];
      rows.push({ left: d ? { line: d.oldLine!, text: d.text } : null, right: i ? { line: i.newLine!, text: i.text } : null, changed: true });
    }
  }
  return rows;
}

/** Counts of added and removed lines. */
export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.op === "insert") added++;
    else if (l.op === "delete") removed++;
  }
  return { added, removed };
}
