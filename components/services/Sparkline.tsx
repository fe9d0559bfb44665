import { useMemo } from "react";
import { chartLayout } from "@/lib/services/red-chart";

const WIDTH = 72;
const HEIGHT = 18;

/**
 * A series too small for an axis, beside its number in the services table: its shape over the
 * window, from a zero baseline (at least `minTop` high), gaps where a step had no calls. The title
 * says what it is and its highest value, for hovering and for screen readers.
 */
export function Sparkline({
  timesUs,
  values,
  color,
  label,
  format,
  minTop = 0,
}: {
  timesUs: readonly number[];
  values: readonly (number | null)[];
  color: string;
  label: string;
  format(value: number): string;
  minTop?: number;
}) {
  const layout = useMemo(
    () => chartLayout(timesUs, [values], { width: WIDTH, height: HEIGHT }, minTop),
    [timesUs, values, minTop],
  );
  const drawn = layout.lines[0];
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      className="block shrink-0 overflow-visible"
      role="img"
      data-testid="sparkline"
    >
      <title>{`${label}, up to ${format(layout.top)}`}</title>
      <line
        x1={0}
        x2={WIDTH}
        y1={HEIGHT - 0.5}
        y2={HEIGHT - 0.5}
        className="stroke-slate-200 dark:stroke-slate-800"
      />
      {drawn && (
        <>
          <path d={drawn.path} fill="none" stroke={color} strokeWidth={1.25} strokeLinejoin="round" />
          {drawn.dots.map((dot) => (
            <circle key={dot.x} cx={dot.x} cy={dot.y} r={1.5} fill={color} />
          ))}
        </>
      )}
    </svg>
  );
}
