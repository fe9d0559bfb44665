"use client";

import type { WheelEvent } from "react";
import type { Tick } from "@/lib/trace/timeline";

/** The timeline's header: the label column's title and the time ticks of the view. */
export function TimelineRuler({
  ticks,
  onWheel,
}: {
  ticks: Tick[];
  onWheel(event: WheelEvent<HTMLDivElement>): void;
}) {
  return (
    <div className="grid grid-cols-[minmax(14rem,35%)_1fr] border-b border-slate-200 text-xs text-slate-500 dark:border-slate-800">
      <span className="py-1">Service &amp; operation</span>
      <div className="relative h-6" data-testid="time-ruler" onWheel={onWheel}>
        {ticks.map((tick) => (
          <span
            key={tick.percent}
            className="absolute top-1 -translate-x-1/2 whitespace-nowrap tabular-nums first:translate-x-0 last:-translate-x-full"
            style={{ left: `${tick.percent}%` }}
          >
            {tick.label}
          </span>
        ))}
      </div>
    </div>
  );
}
