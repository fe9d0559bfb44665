"use client";

import { useAttributeDiffQuery } from "@/components/queries/useAttributeDiffQuery";
import { AttributeDiffPanel } from "@/components/shared/AttributeDiffPanel";
import { attributeDiffApiQuery, type DiffSelection } from "@/lib/search/diff-selection";

export type BrushMode = "zoom" | "compare";

/**
 * The form search's selection controls: what a drag across the scatter plot does (zoom to a time
 * window, or compare the traces slower than where it starts), and "Errors vs the rest".
 */
export function SelectionControls({
  mode,
  onMode,
  selection,
  onSelect,
}: {
  mode: BrushMode;
  onMode(mode: BrushMode): void;
  selection: DiffSelection | undefined;
  onSelect(selection: DiffSelection | undefined): void;
}) {
  const errors = selection?.kind === "errors";
  const button = (on: boolean) =>
    `rounded px-2 py-0.5 ${on ? "bg-slate-200 font-medium dark:bg-slate-800" : "hover:bg-slate-100 dark:hover:bg-slate-900"}`;
  return (
    <>
      <span className="text-slate-500">Brush to</span>
      {(
        [
          ["zoom", "zoom in time", "brush-zoom"],
          ["compare", "compare slower", "brush-compare"],
        ] as const
      ).map(([value, label, testId]) => (
        <button
          key={value}
          type="button"
          className={button(mode === value)}
          aria-pressed={mode === value}
          title={
            value === "zoom"
              ? "Drag across the plot to search that time window"
              : "Drag up the plot to compare the traces above where you start with the rest"
          }
          onClick={() => onMode(value)}
          data-testid={testId}
        >
          {label}
        </button>
      ))}
      <button
        type="button"
        className={button(errors)}
        aria-pressed={errors}
        onClick={() => onSelect(errors ? undefined : { kind: "errors" })}
        data-testid="select-errors"
      >
        Errors vs the rest
      </button>
    </>
  );
}

/** The attribute diff of the selection against the rest of the search (`search`: its query string). */
export function SearchAttributeDiff({
  search,
  selection,
  filterHref,
  onClose,
}: {
  search: string;
  selection: DiffSelection;
  filterHref(tag: string): string;
  onClose(): void;
}) {
  const diff = useAttributeDiffQuery(
    attributeDiffApiQuery(Object.fromEntries(new URLSearchParams(search)), selection),
  );
  return <AttributeDiffPanel selection={selection} diff={diff} filterHref={filterHref} onClose={onClose} />;
}
