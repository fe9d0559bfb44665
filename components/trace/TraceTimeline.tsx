"use client";

import {
  type KeyboardEvent,
  useCallback,
  useDeferredValue,
  useMemo,
  useRef,
  useState,
  type WheelEvent,
} from "react";
import type { TraceAnalysis } from "@/lib/api/analysis";
import { countOf } from "@/lib/format/count";
import { analysisMarks } from "@/lib/trace/analysis-marks";
import { findInTrace } from "@/lib/trace/find";
import { focusedRows } from "@/lib/trace/focus";
import {
  buildOutline,
  collapsedBelow,
  descendantCount,
  hasChildren,
  maxDepth,
  rowPositions,
  visibleRows,
} from "@/lib/trace/outline";
import { rowCallees } from "@/lib/trace/span-peer";
import { panView, rowWindow, viewTicks, WHOLE, zoomView } from "@/lib/trace/timeline";
import type { TraceTree } from "@/lib/trace/tree";
import { TimelineFocusBar } from "./TimelineFocusBar";
import { TimelineRow } from "./TimelineRow";
import { TimelineRuler } from "./TimelineRuler";
import { TimelineToolbar } from "./TimelineToolbar";
import { TraceMinimap } from "./TraceMinimap";
import type { TraceViewProps } from "./trace-view-props";
import { useSelectionScroll } from "./useSelectionScroll";
import { useTimelineWindow } from "./useTimelineWindow";

const ROW_HEIGHT = 24;
/** Indentation per level, and the most the deepest row is indented, in pixels. */
const INDENT_PX = 14;
const MAX_INDENT_PX = 160;
const ZOOM_STEP = 0.8;

/**
 * The gantt timeline: a toolbar (fold to a depth, search in the trace, re-root, zoom), the minimap,
 * a time ruler, and the span rows. Only the rows on screen are rendered (about 40, whatever the
 * trace's size), each a few elements, so a 100k-span trace scrolls like a 100-span one; folding,
 * search, descendant counts and callees are index arithmetic over arrays built once per trace
 * (lib/trace/outline.ts). Re-rooted on a span (`?focus=`), it shows that span's subtree on the
 * subtree's time, under the path from the root.
 *
 * Keys, on the rows: ↑/↓ select, ←/→ fold/unfold (← on a leaf goes to its parent), + and − zoom,
 * 0 shows the whole trace, / searches, n/N step through matches, f re-roots on the selected span.
 */
export function TraceTimeline({
  tree,
  startUs,
  durationUs,
  selectedRow,
  onSelect,
  analysis,
  showCriticalPath,
  queryMatched,
}: TraceViewProps & {
  analysis: TraceAnalysis | undefined;
  showCriticalPath: boolean;
  /** The rows a TraceQL query (the page's `?q=`) selected. */
  queryMatched: ReadonlySet<number> | undefined;
}) {
  const outline = useMemo(() => buildOutline(tree), [tree]);
  const marks = useMemo(() => (analysis ? analysisMarks(tree, analysis) : undefined), [tree, analysis]);
  const deepest = useMemo(() => maxDepth(outline), [outline]);
  const callees = useMemo(() => rowCallees(tree, outline), [tree, outline]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => new Set());
  const [level, setLevel] = useState<number | undefined>(undefined);
  const { focus, view, setView, refocus, toggleFocus } = useTimelineWindow(tree, outline, selectedRow);
  // Re-rooted, the subtree's time is the axis: the rows, ruler and minimap measure from its start.
  const axis = focus ?? { startUs, durationUs };
  const [query, setQuery] = useState("");
  const [matchIndex, setMatchIndex] = useState(-1);
  const deferredQuery = useDeferredValue(query);
  const matches = useMemo(() => findInTrace(tree, deferredQuery), [tree, deferredQuery]);
  const matched = useMemo(() => new Set(matches), [matches]);
  const visible = useMemo(
    () => (focus ? focusedRows(outline, focus, collapsed) : visibleRows(outline, collapsed)),
    [outline, focus, collapsed],
  );
  const ancestorCount = focus?.ancestors.length ?? 0;
  const positions = useMemo(() => rowPositions(visible, tree.rows.length), [tree, visible]);

  const searchRef = useRef<HTMLInputElement>(null);
  const { listRef, scroll, onScroll } = useSelectionScroll({
    outline,
    selectedRow,
    positions,
    rowHeight: ROW_HEIGHT,
    setCollapsed,
  });

  const toggle = useCallback((row: number) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(row)) next.add(row);
      return next;
    });
  }, []);

  const foldTo = (depth: number | undefined) => {
    setLevel(depth);
    setCollapsed(depth === undefined ? new Set() : collapsedBelow(outline, depth));
  };

  const stepMatch = (direction: 1 | -1) => {
    if (matches.length === 0) return;
    const next = (matchIndex + direction + matches.length) % matches.length;
    setMatchIndex(next);
    onSelect(matches[next]);
  };

  const moveSelection = (direction: 1 | -1) => {
    const position = selectedRow === undefined ? -1 : (positions[selectedRow] ?? -1);
    const next = visible[Math.min(visible.length - 1, Math.max(0, position + direction))];
    if (next !== undefined) onSelect(next);
  };

  // An ancestor of the focused span re-roots the timeline on itself when clicked. Stable while
  // scrolling, as the memoised rows need.
  const selectRow = useCallback(
    (row: number) => {
      if (focus?.ancestors.includes(row)) refocus(row);
      onSelect(row);
    },
    [focus, refocus, onSelect],
  );

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
    const row = selectedRow;
    switch (event.key) {
      case "ArrowDown":
        moveSelection(1);
        break;
      case "ArrowUp":
        moveSelection(-1);
        break;
      case "ArrowRight":
        if (row !== undefined && collapsed.has(row)) toggle(row);
        break;
      case "ArrowLeft":
        if (row === undefined) break;
        if (hasChildren(outline, row) && !collapsed.has(row)) toggle(row);
        else if ((outline.parent[row] ?? -1) >= 0) onSelect(outline.parent[row]);
        break;
      case "+":
      case "=":
        setView((current) => zoomView(current, ZOOM_STEP));
        break;
      case "-":
        setView((current) => zoomView(current, 1 / ZOOM_STEP));
        break;
      case "0":
        setView(WHOLE);
        break;
      case "/":
        searchRef.current?.focus();
        break;
      case "n":
        stepMatch(1);
        break;
      case "N":
        stepMatch(-1);
        break;
      case "f":
        toggleFocus();
        break;
      case "Escape":
        onSelect(undefined);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  // Ctrl/⌘ + wheel (and trackpad pinch) zooms around the pointer; Shift + wheel pans.
  const onWheel = (event: WheelEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const anchor = (event.clientX - box.left) / Math.max(box.width, 1);
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      setView((current) => zoomView(current, event.deltaY > 0 ? 1 / ZOOM_STEP : ZOOM_STEP, anchor));
    } else if (event.shiftKey) {
      const delta = (event.deltaY || event.deltaX) / Math.max(box.width, 1);
      setView((current) => panView(current, delta * (current.end - current.start)));
    }
  };

  const indentPx = Math.min(INDENT_PX, MAX_INDENT_PX / Math.max(deepest, 1));
  const ticks = useMemo(() => viewTicks(view, axis.durationUs, 6), [view, axis.durationUs]);
  const { first, last } = rowWindow(scroll.top, scroll.height, ROW_HEIGHT, visible.length);
  const onScreen = Array.from(visible.subarray(first, last));
  const currentMatch = matchIndex >= 0 && matches[matchIndex] === selectedRow ? matchIndex + 1 : undefined;

  return (
    <div className="space-y-2">
      <TimelineToolbar
        deepest={deepest}
        level={level}
        onFold={foldTo}
        searchRef={searchRef}
        query={query}
        onQueryChange={(text) => {
          setQuery(text);
          setMatchIndex(-1);
        }}
        matchLabel={
          deferredQuery.trim() === ""
            ? ""
            : `${currentMatch !== undefined ? `${currentMatch} of ` : ""}${countOf(matches.length, "match", "matches")}`
        }
        onStep={matches.length > 0 ? stepMatch : undefined}
        onZoomIn={() => setView((current) => zoomView(current, ZOOM_STEP))}
        onZoomOut={() => setView((current) => zoomView(current, 1 / ZOOM_STEP))}
        onResetZoom={view.start !== 0 || view.end !== 1 ? () => setView(WHOLE) : undefined}
        focused={focus !== undefined}
        onToggleFocus={selectedRow !== undefined || focus ? toggleFocus : undefined}
      />

      {focus && (
        <TimelineFocusBar
          span={(tree.rows[focus.row] as TraceTree["rows"][number]).span}
          subtreeSpans={descendantCount(outline, focus.row) + 1}
          totalSpans={tree.rows.length}
          onShowWholeTrace={() => refocus(undefined)}
        />
      )}

      <TraceMinimap
        tree={tree}
        startUs={axis.startUs}
        durationUs={axis.durationUs}
        view={view}
        onViewChange={setView}
      />

      <TimelineRuler ticks={ticks} onWheel={onWheel} />

      <div
        ref={listRef}
        role="tree"
        aria-label="Spans"
        tabIndex={0}
        className="relative h-[calc(100vh-20rem)] min-h-80 overflow-y-auto outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        onWheel={onWheel}
        data-testid="span-list"
        data-visible-rows={visible.length}
      >
        <div style={{ height: visible.length * ROW_HEIGHT }} className="relative">
          <div className="pointer-events-none absolute inset-y-0 right-0 left-[max(14rem,35%)]">
            {ticks.map((tick) => (
              <span
                key={tick.percent}
                className="absolute inset-y-0 border-l border-slate-100 dark:border-slate-900"
                style={{ left: `${tick.percent}%` }}
              />
            ))}
          </div>
          {onScreen.map((row) => (
            <TimelineRow
              key={row}
              row={tree.rows[row] as TraceTree["rows"][number]}
              index={row}
              top={(positions[row] ?? 0) * ROW_HEIGHT}
              height={ROW_HEIGHT}
              indentPx={indentPx}
              expandable={hasChildren(outline, row)}
              collapsed={collapsed.has(row)}
              hiddenCount={descendantCount(outline, row)}
              ancestor={(positions[row] ?? 0) < ancestorCount}
              callee={callees[row]}
              selected={row === selectedRow}
              matched={matched.has(row)}
              queryMatched={queryMatched?.has(row) ?? false}
              traceStartUs={axis.startUs}
              durationUs={axis.durationUs}
              view={view}
              mark={marks?.[row]}
              showCriticalPath={showCriticalPath}
              onToggle={toggle}
              onSelect={selectRow}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
