"use client";

import { type FormEvent, useState } from "react";
import type { GraphLayoutMode } from "@/lib/graph/graph-url";
import { fromLocalInput, type GraphWindow, lookbackChoices, toLocalInput } from "@/lib/time/window";

const INPUT =
  "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
const LAYOUT_LABELS: Record<GraphLayoutMode, string> = { dag: "Layered", force: "Force" };

/**
 * The graph's time range (the search page's lookbacks, or a custom range applied with its button)
 * and its layout.
 */
export function DependencyGraphToolbar({
  range,
  layout,
  onRange,
  onLayout,
}: {
  range: GraphWindow;
  layout: GraphLayoutMode;
  onRange(range: GraphWindow): void;
  onLayout(layout: GraphLayoutMode): void;
}) {
  const custom = range.start !== "";
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor="graph-lookback" className="text-slate-500">
        Time range
      </label>
      <select
        id="graph-lookback"
        className={INPUT}
        value={custom ? "custom" : range.lookback}
        onChange={(event) => {
          const choice = event.target.value;
          if (choice !== "custom") return onRange({ lookback: choice, start: "", end: "" });
          const nowMs = Date.now();
          onRange({
            lookback: range.lookback,
            start: new Date(nowMs - 3_600_000).toISOString(),
            end: new Date(nowMs).toISOString(),
          });
        }}
        data-testid="graph-lookback"
      >
        {lookbackChoices(range.lookback).map((lookback) => (
          <option key={lookback} value={lookback}>
            last {lookback}
          </option>
        ))}
        <option value="custom">custom range</option>
      </select>
      {custom && <CustomRange key={`${range.start} ${range.end}`} range={range} onRange={onRange} />}
      <fieldset className="ml-2 flex overflow-hidden rounded border border-slate-300 dark:border-slate-700">
        <legend className="sr-only">Layout</legend>
        {(["dag", "force"] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            className={`px-2 py-1 ${layout === mode ? "bg-slate-200 font-medium dark:bg-slate-800" : "hover:bg-slate-100 dark:hover:bg-slate-900"}`}
            aria-pressed={layout === mode}
            onClick={() => onLayout(mode)}
            data-testid={`layout-${mode}`}
          >
            {LAYOUT_LABELS[mode]}
          </button>
        ))}
      </fieldset>
    </div>
  );
}

function CustomRange({ range, onRange }: { range: GraphWindow; onRange(range: GraphWindow): void }) {
  const [start, setStart] = useState(toLocalInput(range.start));
  const [end, setEnd] = useState(toLocalInput(range.end));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onRange({ lookback: range.lookback, start: fromLocalInput(start), end: fromLocalInput(end) });
  };
  return (
    <form className="flex flex-wrap items-center gap-2" onSubmit={apply} aria-label="Custom time range">
      <input
        type="datetime-local"
        step={1}
        aria-label="From"
        className={INPUT}
        value={start}
        onChange={(event) => setStart(event.target.value)}
        required
      />
      <span className="text-slate-500">to</span>
      <input
        type="datetime-local"
        step={1}
        aria-label="To"
        className={INPUT}
        value={end}
        onChange={(event) => setEnd(event.target.value)}
      />
      <button type="submit" className="rounded bg-sky-600 px-2 py-1 font-medium text-white hover:bg-sky-700">
        Apply
      </button>
    </form>
  );
}
