"use client";

import {
  type KeyboardEvent,
  useCallback,
  useDeferredValue,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type WheelEvent,
} from "react";
import type { TraceAnalysis } from "@/lib/api/analysis";
import { countOf } from "@/lib/format/count";
import { analysisMarks } from "@/lib/trace/analysis-marks";
import { findInTrace } from "@/lib/trace/find";
import {
  buildOutline,
  collapsedBelow,
  hasChildren,
  maxDepth,
  reveal,
  visibleRows,
} from "@/lib/trace/outline";
import { panView, rowWindow, type View, viewTicks, WHOLE, zoomView } from "@/lib/trace/timeline";
import type { TraceTree } from "@/lib/trace/tree";
import { TimelineRow } from "./TimelineRow";
import { TimelineRuler } from "./TimelineRuler";
import { TimelineToolbar } from "./TimelineToolbar";
import { TraceMinimap } from "./TraceMinimap";
import type { TraceViewProps } from "./trace-view-props";

const ROW_HEIGHT = 24;
/** Indentation per level, and the most the deepest row is indented, in pixels. */
const INDENT_PX = 14;
const MAX_INDENT_PX = 160;
const ZOOM_STEP = 0.8;

/**
 * The gantt timeline: a toolbar (fold to a depth, search in the trace, zoom), the minimap, a time
 * ruler, and the span rows. Only the rows on screen are rendered (about 40, whatever the trace's
 * size), each a few elements, so a 100k-span trace scrolls like a 100-span one; folding and search
 * are index arithmetic over arrays built once per trace (lib/trace/outline.ts).
 *
 * Keys, on the rows: ↑/↓ select, ←/→ fold/unfold (← on a leaf goes to its parent), + and − zoom,
 * 0 shows the whole trace, / searches, n/N step through matches.
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
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => new Set());
  const [level, setLevel] = useState<number | undefined>(undefined);
  const [view, setView] = useState<View>(WHOLE);
  const [query, setQuery] = useState("");
  const [matchIndex, setMatchIndex] = useState(-1);
  const deferredQuery = useDeferredValue(query);
  const matches = useMemo(() => findInTrace(tree, deferredQuery), [tree, deferredQuery]);
  const matched = useMemo(() => new Set(matches), [matches]);
  const visible = useMemo(() => visibleRows(outline, collapsed), [outline, collapsed]);
  const positions = useMemo(() => {
    const at = new Int32Array(tree.rows.length).fill(-1);
    visible.forEach((row, position) => {
      at[row] = position;
    });
    return at;
  }, [tree, visible]);

  const listRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  // A row to bring on screen once it is visible: set when the selection changes, not when folding.
  const pendingScroll = useRef<number | undefined>(undefined);

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const measure = () => setScroll({ top: list.scrollTop, height: list.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  // When the selection changes, its ancestors unfold and it comes on screen; in this order, so that
  // the second effect finds the row placed when no ancestor was folded, or on the next render.
  useLayoutEffect(() => {
    if (selectedRow === undefined) return;
    pendingScroll.current = selectedRow;
    setCollapsed((current) => {
      const revealed = reveal(outline, current, selectedRow);
      return revealed.size === current.size ? current : revealed;
    });
  }, [selectedRow, outline]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new selection scrolls even when no row moved.
  useLayoutEffect(() => {
    const row = pendingScroll.current;
    const list = listRef.current;
    if (row === undefined || !list) return;
    const position = positions[row] ?? -1;
    if (position < 0) return;
    pendingScroll.current = undefined;
    const top = position * ROW_HEIGHT;
    if (top < list.scrollTop || top + ROW_HEIGHT > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 2);
    }
  }, [positions, selectedRow]);

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
  const ticks = useMemo(() => viewTicks(view, durationUs, 6), [view, durationUs]);
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
      />

      <TraceMinimap
        tree={tree}
        startUs={startUs}
        durationUs={durationUs}
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
        onScroll={(event) =>
          setScroll({ top: event.currentTarget.scrollTop, height: event.currentTarget.clientHeight })
        }
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
              selected={row === selectedRow}
              matched={matched.has(row)}
              queryMatched={queryMatched?.has(row) ?? false}
              traceStartUs={startUs}
              durationUs={durationUs}
              view={view}
              mark={marks?.[row]}
              showCriticalPath={showCriticalPath}
              onToggle={toggle}
              onSelect={onSelect}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
