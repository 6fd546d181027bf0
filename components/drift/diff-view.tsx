"use client";

import { EyeOff } from "lucide-react";

import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type DiffEntry = { path: string; git?: unknown; live?: unknown; desired?: unknown };

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  return JSON.stringify(v, null, 2);
}

/** One drifted object's field-level diff, side by side: path, Git's value, the live value; "ignore this field". */
export function DiffView({ diff, onIgnore }: { diff: DiffEntry[]; onIgnore?: (path: string) => void }) {
  const hasDesired = diff.some((d) => d.desired !== undefined);
  return (
    <Table aria-label="Field differences" className="text-[13px]">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Field</TableHead>
          <TableHead>Git</TableHead>
          <TableHead>Live</TableHead>
          {hasDesired ? <TableHead>HFM (pending)</TableHead> : null}
          {onIgnore ? (
            <TableHead className="text-right">
              <span className="sr-only">Actions</span>
            </TableHead>
          ) : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {diff.map((d) => (
          <TableRow key={d.path}>
            <TableCell className="font-mono align-top break-all">{d.path}</TableCell>
            <TableCell className="align-top">
              <pre className="max-w-xs overflow-x-auto rounded bg-emerald-500/10 px-2 py-1 font-mono whitespace-pre-wrap">{show(d.git)}</pre>
            </TableCell>
            <TableCell className="align-top">
              <pre className="max-w-xs overflow-x-auto rounded bg-amber-500/10 px-2 py-1 font-mono whitespace-pre-wrap">{show(d.live)}</pre>
            </TableCell>
            {hasDesired ? (
              <TableCell className="align-top">
                <pre className="max-w-xs overflow-x-auto rounded bg-muted px-2 py-1 font-mono whitespace-pre-wrap">{d.desired === undefined ? "= Git" : show(d.desired)}</pre>
              </TableCell>
            ) : null}
            {onIgnore ? (
              <TableCell className="text-right align-top">
                <Button variant="ghost" size="xs" onClick={() => onIgnore(d.path)} aria-label={`Ignore ${d.path}`}>
                  <EyeOff aria-hidden="true" />
                  Ignore this field
                </Button>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
