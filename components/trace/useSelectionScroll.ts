"use client";

import {
  type Dispatch,
  type SetStateAction,
  type UIEvent,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import { type Outline, reveal } from "@/lib/trace/outline";

/**
 * The timeline's virtual list: where it is scrolled to and how tall it is (which rows to render),
 * and the selected row brought on screen. When the selection changes its folded ancestors unfold,
 * then the list scrolls to it once it has a place; not when folding moves it.
 */
export function useSelectionScroll({
  outline,
  selectedRow,
  positions,
  rowHeight,
  setCollapsed,
}: {
  outline: Outline;
  selectedRow: number | undefined;
  /** Each row's place in the list, −1 for a row not shown. */
  positions: Int32Array;
  rowHeight: number;
  setCollapsed: Dispatch<SetStateAction<ReadonlySet<number>>>;
}) {
  const listRef = useRef<HTMLDivElement>(null);
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
  }, [selectedRow, outline, setCollapsed]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new selection scrolls even when no row moved.
  useLayoutEffect(() => {
    const row = pendingScroll.current;
    const list = listRef.current;
    if (row === undefined || !list) return;
    const position = positions[row] ?? -1;
    if (position < 0) return;
    pendingScroll.current = undefined;
    const top = position * rowHeight;
    if (top < list.scrollTop || top + rowHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 2);
    }
  }, [positions, selectedRow, rowHeight]);

  const onScroll = (event: UIEvent<HTMLDivElement>) =>
    setScroll({ top: event.currentTarget.scrollTop, height: event.currentTarget.clientHeight });
  return { listRef, scroll, onScroll };
}
