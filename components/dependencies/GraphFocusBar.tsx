"use client";

import type { GraphView } from "@/lib/graph/graph-url";
import { MAX_HOPS, MIN_HOPS } from "@/lib/services/neighbourhood";
import { ServiceSearch } from "./ServiceSearch";

const BUTTON =
  "rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-900";
const HOPS = Array.from({ length: MAX_HOPS - MIN_HOPS + 1 }, (_, i) => MIN_HOPS + i);

/**
 * What of the graph is shown: the search box that focuses a service, the focus's hops and a way back
 * to the whole graph, the uninstrumented leaves folded or not, and the whole graph drawn or listed.
 */
export function GraphFocusBar({
  names,
  focus,
  hops,
  fold,
  view,
  onFocus,
  onHops,
  onFold,
  onView,
}: {
  names: readonly string[];
  focus: string;
  hops: number;
  fold: boolean;
  /** The view shown, undefined while focused (a focus is always drawn). */
  view: GraphView | undefined;
  onFocus(name: string): void;
  onHops(hops: number): void;
  onFold(fold: boolean): void;
  onView(view: GraphView): void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="graph-focus-bar">
      <ServiceSearch names={names} onFocus={onFocus} />
      {focus !== "" && (
        <>
          <span className="max-w-full break-all" data-testid="graph-focus">
            Focused on <strong>{focus}</strong>
          </span>
          <label className="flex items-center gap-1 text-slate-500">
            hops
            <select
              className="rounded border border-slate-300 bg-white px-1 py-1 text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
              value={hops}
              onChange={(event) => onHops(Number(event.target.value))}
              data-testid="graph-hops"
            >
              {HOPS.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className={BUTTON}
            onClick={() => onFocus("")}
            data-testid="graph-clear-focus"
          >
            Whole graph
          </button>
        </>
      )}
      <label className="flex items-center gap-1 text-slate-600 dark:text-slate-400">
        <input
          type="checkbox"
          checked={fold}
          onChange={(event) => onFold(event.target.checked)}
          data-testid="graph-fold"
        />
        Fold databases and external calls into their callers
      </label>
      {view && (
        <fieldset className="flex overflow-hidden rounded border border-slate-300 dark:border-slate-700">
          <legend className="sr-only">View</legend>
          {(["graph", "list"] as const).map((mode) => (
            <button
              key={mode}
              type="button"
              className={`px-2 py-1 ${view === mode ? "bg-slate-200 font-medium dark:bg-slate-800" : "hover:bg-slate-100 dark:hover:bg-slate-900"}`}
              aria-pressed={view === mode}
              onClick={() => onView(mode)}
              data-testid={`view-${mode}`}
            >
              {mode === "graph" ? "Graph" : "List"}
            </button>
          ))}
        </fieldset>
      )}
    </div>
  );
}
