"use client";

/** A small stacked-line chart of drifted / orphaned / missing objects over time, drawn as SVG (no chart library). */
export type TrendPoint = { at: string; drifted: number; orphaned: number; missing: number };

const SERIES = [
  { key: "drifted", label: "Drifted", className: "stroke-amber-500", dot: "bg-amber-500" },
  { key: "orphaned", label: "Orphaned", className: "stroke-sky-500", dot: "bg-sky-500" },
  { key: "missing", label: "Missing", className: "stroke-red-500", dot: "bg-red-500" },
] as const;

export function TrendChart({ points, unit }: { points: TrendPoint[]; unit: "hour" | "day" }) {
  const width = 640;
  const height = 160;
  const pad = { left: 36, right: 8, top: 8, bottom: 22 };
  const max = Math.max(1, ...points.flatMap((p) => [p.drifted, p.orphaned, p.missing]));
  const x = (i: number) => pad.left + (points.length <= 1 ? 0 : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const label = (iso: string) => {
    const d = new Date(iso);
    return unit === "hour" ? `${String(d.getHours()).padStart(2, "0")}:00` : `${d.getMonth() + 1}/${d.getDate()}`;
  };
  const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));
  return (
    <figure className="grid gap-2">
      <svg viewBox={`0 0 ${width} ${height}`} className="h-40 w-full" role="img" aria-label="Drift over time">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="stroke-border" strokeDasharray="3 3" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="fill-muted-foreground text-[10px]">
              {t}
            </text>
          </g>
        ))}
        {points.map((p, i) =>
          i % labelEvery === 0 || i === points.length - 1 ? (
            <text key={p.at} x={x(i)} y={height - 6} textAnchor="middle" className="fill-muted-foreground text-[10px]">
              {label(p.at)}
            </text>
          ) : null,
        )}
        {SERIES.map((s) => (
          <polyline
            key={s.key}
            fill="none"
            strokeWidth={2}
            strokeLinejoin="round"
            className={s.className}
            points={points.map((p, i) => `${x(i)},${y(p[s.key])}`).join(" ")}
          >
            <title>{s.label}</title>
          </polyline>
        ))}
      </svg>
      <figcaption className="flex flex-wrap gap-4 text-xs text-muted-foreground">
        {SERIES.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1.5">
            <span className={`size-2 rounded-full ${s.dot}`} aria-hidden="true" />
            {s.label} (now {points.at(-1)?.[s.key] ?? 0})
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
