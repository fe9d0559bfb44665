import Link from "next/link";
import { useMemo } from "react";
import { chartLayout, formatPointTimeUs } from "@/lib/services/red-chart";

const WIDTH = 192;
const HEIGHT = 40;

export interface ChartSeries {
  label: string;
  /** A CSS colour legible on light and dark backgrounds. */
  color: string;
  /** One value per step of the chart's times; null where the step had no calls. */
  values: readonly (number | null)[];
}

/**
 * A small chart of one operation at the page's step: its title and the value at its top above, the
 * lines from a zero baseline, and each step's values on hover (the SVG's own tooltip, which screen readers read
 * too). The whole chart links to `href`.
 */
export function RedChart({
  title,
  timesUs,
  stepLabel,
  series,
  format,
  minTop = 0,
  href,
  linkLabel,
  testId,
}: {
  title: string;
  timesUs: readonly number[];
  /** "every 1m": what each point stands for. */
  stepLabel: string;
  series: readonly ChartSeries[];
  format(value: number): string;
  minTop?: number;
  href: string;
  linkLabel: string;
  testId: string;
}) {
  const layout = useMemo(
    () =>
      chartLayout(
        timesUs,
        series.map((s) => s.values),
        { width: WIDTH, height: HEIGHT },
        minTop,
      ),
    [timesUs, series, minTop],
  );
  return (
    <Link
      href={href}
      aria-label={linkLabel}
      className="block w-fit rounded p-1 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:bg-slate-900"
      data-testid={testId}
    >
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <span className="text-slate-600 dark:text-slate-400">
          {title}
          {series.length > 1 &&
            series.map((s) => (
              <span key={s.label} className="ml-1.5 font-medium" style={{ color: s.color }}>
                {s.label}
              </span>
            ))}
        </span>
        <span className="tabular-nums text-slate-500">{format(layout.top)}</span>
      </div>
      <svg width={WIDTH} height={HEIGHT} className="block overflow-visible" role="img">
        <title>{`${title}, ${stepLabel}, up to ${format(layout.top)}`}</title>
        <line
          x1={0}
          x2={WIDTH}
          y1={HEIGHT - 0.5}
          y2={HEIGHT - 0.5}
          className="stroke-slate-200 dark:stroke-slate-800"
        />
        {layout.lines.map((drawn, i) => {
          const color = series[i]?.color;
          return (
            <g key={series[i]?.label}>
              <path d={drawn.path} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" />
              {drawn.dots.map((dot) => (
                <circle key={dot.x} cx={dot.x} cy={dot.y} r={2} fill={color} />
              ))}
            </g>
          );
        })}
        {layout.columns.map((column, i) => (
          <rect
            key={column.timeUs}
            x={column.x}
            y={0}
            width={column.width}
            height={HEIGHT}
            className="fill-transparent hover:fill-slate-500/10"
          >
            <title>
              {`${formatPointTimeUs(column.timeUs)}: ${series
                .map((s) => {
                  const value = s.values[i] ?? null;
                  return `${series.length > 1 ? `${s.label} ` : ""}${value === null ? "no calls" : format(value)}`;
                })
                .join(", ")}`}
            </title>
          </rect>
        ))}
      </svg>
    </Link>
  );
}
