import { describe, expect, it } from "vitest";
import { diffLines, diffStats, sideBySide } from "@/lib/line-diff";

describe("line diff", () => {
  it("finds the changed lines and keeps line numbers on both sides", () => {
    const before = "a\nb\nc\nd\n";
    const after = "a\nB\nc\nd\ne\n";
    const lines = diffLines(before, after);
    expect(lines.map((l) => `${l.op[0]}${l.text}`)).toEqual(["ea", "db", "iB", "ec", "ed", "ie"]);
    expect(diffStats(lines)).toEqual({ added: 2, removed: 1 });
    const rows = sideBySide(lines);
    expect(rows[1]).toEqual({ left: { line: 2, text: "b" }, right: { line: 2, text: "B" }, changed: true });
    expect(rows[4]).toEqual({ left: null, right: { line: 5, text: "e" }, changed: true });
  });

  it("handles creation, deletion and equality", () => {
    expect(diffLines("", "x\ny\n").every((l) => l.op === "insert")).toBe(true);
    expect(diffLines("x\n", "").map((l) => l.op)).toEqual(["delete"]);
    expect(diffLines("same\n", "same\n").map((l) => l.op)).toEqual(["equal"]);
  });

  it("reconstructs both texts from the diff", () => {
    const before = Array.from({ length: 300 }, (_, i) => `line ${i % 17}`).join("\n");
    const after = Array.from({ length: 280 }, (_, i) => `line ${(i * 3) % 19}`).join("\n");
    const lines = diffLines(before, after);
    expect(lines.filter((l) => l.op !== "insert").map((l) => l.text).join("\n")).toBe(before);
    expect(lines.filter((l) => l.op !== "delete").map((l) => l.text).join("\n")).toBe(after);
  });
});
