"use client";

import Link from "next/link";
import type { AttributeDiff } from "@/lib/api/attribute-diff";
import { type DiffBar, diffBars } from "@/lib/search/diff-bars";
import { type DiffSelection, describeDiffCounts, describeDiffSelection } from "@/lib/search/diff-selection";

/** How many attribute values the panel lists: the API sends the most telling first. */
const SHOWN = 10;
const SELECTION_BAR = "bg-amber-500";
const BASELINE_BAR = "bg-slate-400 dark:bg-slate-500";

/**
 * What sets a selection (slow traces, failed ones, picked ones) apart from the rest of its search:
 * the attribute values whose share differs most, as paired bars, each with links that add it to
 * the search as a filter or exclude the traces carrying it. The page asks (useAttributeDiffQuery) and says where a filter leads.
 */
export function AttributeDiffPanel({
  selection,
  diff,
  filterHref,
  onClose,
}: {
  selection: DiffSelection;
  diff: { isPending: boolean; isError: boolean; error: Error | null; data: AttributeDiff | undefined };
  /** Where "+ filter" leads: the search narrowed by this `key=value` term (`!key=value` excludes). */
  filterHref(tag: string): string;
  onClose(): void;
}) {
  const words = describeDiffSelection(selection);
  return (
    <section
      className="space-y-2 rounded border border-slate-200 p-3 text-sm dark:border-slate-800"
      aria-label="What sets the selection apart"
      data-testid="attribute-diff"
    >
      <header className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 className="font-semibold">What sets them apart</h2>
        <p className="min-w-0 flex-1 text-slate-600 dark:text-slate-400" data-testid="attribute-diff-counts">
          {diff.data ? describeDiffCounts(selection, diff.data) : words.selection}
        </p>
        <Legend selection={words.selection} baseline={words.baseline} />
        <button
          type="button"
          className="rounded px-1.5 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
          onClick={onClose}
          data-testid="attribute-diff-close"
        >
          close
        </button>
      </header>
      <DiffBody diff={diff} selection={selection} filterHref={filterHref} />
    </section>
  );
}

function DiffBody({
  diff,
  selection,
  filterHref,
}: {
  diff: { isPending: boolean; isError: boolean; error: Error | null; data: AttributeDiff | undefined };
  selection: DiffSelection;
  filterHref(tag: string): string;
}) {
  if (diff.isError) {
    return (
      <p role="alert" className="text-red-700 dark:text-red-300" data-testid="attribute-diff-error">
        The comparison failed: {diff.error?.message}
      </p>
    );
  }
  if (!diff.data) return <p className="text-slate-500">Comparing…</p>;
  const empty = emptyMessage(diff.data, selection);
  if (empty) {
    return (
      <p className="text-slate-500" data-testid="attribute-diff-empty">
        {empty}
      </p>
    );
  }
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-900">
      {diffBars(diff.data.attributes, SHOWN).map((bar) => (
        <DiffRow
          key={`${bar.entry.source}:${bar.entry.key}=${bar.entry.value}`}
          bar={bar}
          filterHref={filterHref}
        />
      ))}
    </ul>
  );
}

/** Why there is nothing to list, for an empty side or no difference; undefined when there is. */
function emptyMessage(diff: AttributeDiff, selection: DiffSelection): string | undefined {
  const { selection: chosen, baseline } = describeDiffSelection(selection);
  const noun = `${diff.scope}s`;
  if (diff.selectionCount === 0) return `No ${noun} ${chosen} in this search: nothing to compare.`;
  if (diff.baselineCount === 0) {
    return selection.kind === "errors"
      ? `Every ${diff.scope} in this search has an error: none without to compare with.`
      : `Every ${diff.scope} in this search is ${chosen}: no others to compare with.`;
  }
  if (diff.attributes.length === 0) return `No attribute tells the ${noun} ${chosen} from the ${baseline}.`;
  return undefined;
}

function DiffRow({ bar, filterHref }: { bar: DiffBar; filterHref(tag: string): string }) {
  const { entry } = bar;
  return (
    <li
      className="grid grid-cols-[minmax(8rem,16rem)_minmax(6rem,1fr)_auto] items-center gap-3 py-1.5"
      data-testid="attribute-diff-row"
      data-key={entry.key}
      data-value={entry.value}
    >
      <div className="min-w-0">
        <div className="truncate font-mono text-xs" title={`${entry.key}=${entry.value}`}>
          {entry.key}=<span className="font-semibold">{entry.value}</span>
        </div>
        <div className="text-xs text-slate-500">{entry.source}</div>
      </div>
      <div className="space-y-0.5 text-xs tabular-nums">
        <Bar widthPct={bar.selectionWidthPct} label={bar.selectionLabel} color={SELECTION_BAR} />
        <Bar widthPct={bar.baselineWidthPct} label={bar.baselineLabel} color={BASELINE_BAR} />
      </div>
      {entry.tag ? (
        <span className="flex gap-1">
          <Link
            href={filterHref(entry.tag)}
            className="rounded border border-slate-300 px-1.5 text-xs text-sky-700 hover:bg-slate-100 dark:border-slate-700 dark:text-sky-400 dark:hover:bg-slate-800"
            data-testid="attribute-diff-filter"
          >
            + filter
          </Link>
          <Link
            href={filterHref(`!${entry.tag}`)}
            className="rounded border border-slate-300 px-1.5 text-xs text-slate-600 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-400 dark:hover:bg-slate-800"
            title="Only the traces none of whose spans carry it"
            data-testid="attribute-diff-exclude"
          >
            − exclude
          </Link>
        </span>
      ) : (
        // A numeric range or an intrinsic (kind, status) has no tag term the search could filter by.
        <span className="text-xs text-slate-400" title="The search has no tag filter for this value">
          —
        </span>
      )}
    </li>
  );
}

function Bar({ widthPct, label, color }: { widthPct: number; label: string; color: string }) {
  return (
    <div className="flex items-center gap-2">
      <div className="h-2 flex-1 rounded-sm bg-slate-100 dark:bg-slate-900">
        <div className={`h-2 rounded-sm ${color}`} style={{ width: `${widthPct}%` }} />
      </div>
      <span className="w-9 text-right">{label}</span>
    </div>
  );
}

function Legend({ selection, baseline }: { selection: string; baseline: string }) {
  return (
    <span className="flex items-center gap-3 text-xs text-slate-500">
      <span className="flex items-center gap-1">
        <span className={`inline-block size-2 rounded-sm ${SELECTION_BAR}`} />
        {selection}
      </span>
      <span className="flex items-center gap-1">
        <span className={`inline-block size-2 rounded-sm ${BASELINE_BAR}`} />
        {baseline}
      </span>
    </span>
  );
}
