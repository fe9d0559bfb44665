"use client";

import { useCallback, useLayoutEffect, useMemo, useState } from "react";
import { type Focus, focusOn, inFocus, rowOfSpanId } from "@/lib/trace/focus";
import type { Outline } from "@/lib/trace/outline";
import { type View, WHOLE } from "@/lib/trace/timeline";
import type { TraceTree } from "@/lib/trace/tree";
import { useUrlParam } from "./useUrlParam";

/**
 * The part of the trace the timeline shows: the span it is re-rooted on (`?focus=<spanId>`, so a
 * shared link opens re-rooted), whose subtree's time is then the whole axis, and the zoom within
 * that, which starts over whenever the focus moves.
 */
export function useTimelineWindow(tree: TraceTree, outline: Outline, selectedRow: number | undefined) {
  const [focusParam, setFocusParam] = useUrlParam("focus");
  const focus: Focus | undefined = useMemo(() => {
    const row = focusParam === null ? undefined : rowOfSpanId(tree, focusParam);
    return row === undefined ? undefined : focusOn(tree, outline, row);
  }, [tree, outline, focusParam]);
  const [view, setView] = useState<View>(WHOLE);
  const [viewFocus, setViewFocus] = useState(focus?.row);
  if (viewFocus !== focus?.row) {
    setViewFocus(focus?.row);
    setView(WHOLE);
  }

  const refocus = useCallback(
    (row: number | undefined) =>
      setFocusParam(row === undefined ? null : (tree.rows[row]?.span.spanId ?? null)),
    [tree, setFocusParam],
  );

  // A selection the focus hides (a find match elsewhere, a span picked in another tab) shows the
  // whole trace again: the selected span is always on screen.
  useLayoutEffect(() => {
    if (focus && selectedRow !== undefined && !inFocus(outline, focus, selectedRow)) setFocusParam(null);
  }, [focus, outline, selectedRow, setFocusParam]);

  return {
    focus,
    view,
    setView,
    refocus,
    /**
     * `f`: re-roots on the selected span; on the focused one, or with none selected, shows the whole
     * trace. By span id: the server half of a Zipkin shared id re-roots on its call, the client half.
     */
    toggleFocus: () => {
      const spanId = selectedRow === undefined ? undefined : tree.rows[selectedRow]?.span.spanId;
      refocus(spanId !== focusParam ? selectedRow : undefined);
    },
  };
}
