"use client";

import { type PointerEvent, type RefObject, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { formatDurationUs } from "@/lib/format/duration";
import { serviceColor } from "@/lib/format/service-color";
import { type FlameRect, flameRowAt, layoutFlame } from "@/lib/trace/flame";
import { summariseTrace } from "@/lib/trace/summary";
import { panView, type View, WHOLE, zoomView } from "@/lib/trace/timeline";
import type { TraceRow } from "@/lib/trace/tree";
import type { TraceViewProps } from "./trace-view-props";

const ROW_HEIGHT_PX = 20;
const LABEL_MIN_PX = 24;
const LABEL_PAD_PX = 4;
/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD_PX = 3;
/** Wheel pixels per e-fold of zoom: a 100 px notch zooms by about 1.2×. */
const WHEEL_PX_PER_EFOLD = 500;
const FONT = "11px ui-sans-serif, system-ui, sans-serif";
const INK = "#0f172a";

type Point = { x: number; y: number };

/**
 * The trace as an icicle chart on a canvas: x is time, one level per depth, roots on top. The wheel
 * zooms about the pointer, dragging pans, a double-click shows the whole trace again, a click selects.
 */
export function FlameGraph({ tree, startUs, durationUs, selectedRow, onSelect }: TraceViewProps) {
  const wrapperRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ clientX: number; view: View; moved: boolean } | undefined>(undefined);
  const widthPx = useElementWidth(wrapperRef);
  const heightPx = useMemo(() => summariseTrace(tree).depth * ROW_HEIGHT_PX, [tree]);

  // The zoom, in the timeline's fractions of the trace, belongs to one trace: it survives the tree
  // being rebuilt (skew correction on or off), and another trace starts from the whole of it.
  const traceId = tree.rows[0]?.span.traceId;
  const [zoom, setZoom] = useState<{ traceId: string | undefined; view: View }>();
  const view = zoom && zoom.traceId === traceId ? zoom.view : WHOLE;
  const changeView = useCallback(
    (change: (view: View) => View) =>
      setZoom((current) => ({
        traceId,
        view: change(current && current.traceId === traceId ? current.view : WHOLE),
      })),
    [traceId],
  );
  const totalUs = Math.max(durationUs, 1);
  const rects = useMemo(
    () =>
      layoutFlame(tree, {
        startUs: startUs + view.start * totalUs,
        endUs: startUs + view.end * totalUs,
        width: widthPx,
      }),
    [tree, startUs, totalUs, view, widthPx],
  );

  const [pointer, setPointer] = useState<Point>();
  const [panning, setPanning] = useState(false);
  const rowAt = (point: Point) => flameRowAt(rects, point.x, Math.floor(point.y / ROW_HEIGHT_PX));
  const hoveredRow = pointer && !panning ? rowAt(pointer) : undefined;
  const hovered = hoveredRow === undefined ? undefined : tree.rows[hoveredRow]?.span;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas) drawFlame(canvas, tree.rows, rects, widthPx, heightPx, selectedRow);
  }, [tree, rects, widthPx, heightPx, selectedRow]);

  // React's wheel listener is passive: only a native one may keep the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || widthPx === 0) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const px = event.deltaMode === 1 ? ROW_HEIGHT_PX : event.deltaMode === 2 ? widthPx : 1;
      if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        const share = (event.deltaX * px) / widthPx;
        changeView((current) => panView(current, share * (current.end - current.start)));
      } else {
        const anchor = (event.clientX - canvas.getBoundingClientRect().left) / widthPx;
        const factor = Math.exp((event.deltaY * px) / WHEEL_PX_PER_EFOLD);
        changeView((current) => zoomView(current, factor, Math.min(Math.max(anchor, 0), 1)));
      }
    };
    canvas.addEventListener("wheel", onWheel, { passive: false });
    return () => canvas.removeEventListener("wheel", onWheel);
  }, [widthPx, changeView]);

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { clientX: event.clientX, view, moved: false };
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    setPointer(canvasPoint(event));
    const pressed = drag.current;
    if (!pressed || widthPx === 0) return;
    const dx = event.clientX - pressed.clientX;
    if (!pressed.moved && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
    pressed.moved = true;
    setPanning(true);
    changeView(() => panView(pressed.view, (-dx / widthPx) * (pressed.view.end - pressed.view.start)));
  };
  const endDrag = () => {
    drag.current = undefined;
    setPanning(false);
  };
  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const row = drag.current && !drag.current.moved ? rowAt(canvasPoint(event)) : undefined;
    if (row !== undefined) onSelect(row);
    endDrag();
  };

  return (
    <div ref={wrapperRef} className="relative w-full select-none" data-testid="flame-graph">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`Flame graph of ${tree.rows.length} spans`}
        className={`block ${panning ? "cursor-grabbing" : hovered ? "cursor-pointer" : "cursor-grab"}`}
        style={{ width: widthPx, height: heightPx, touchAction: "none" }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={endDrag}
        onPointerLeave={() => setPointer(undefined)}
        onDoubleClick={() => setZoom(undefined)}
      />
      {hovered && pointer && (
        <div
          className="pointer-events-none absolute z-10 max-w-xs rounded border border-slate-200 bg-white px-2 py-1 text-xs shadow dark:border-slate-700 dark:bg-slate-900"
          style={{
            top: pointer.y + 12,
            ...(pointer.x > widthPx / 2 ? { right: widthPx - pointer.x + 12 } : { left: pointer.x + 12 }),
          }}
          data-testid="flame-tooltip"
        >
          <div className="flex items-center gap-1.5">
            <span
              className="size-2.5 shrink-0 rounded-sm"
              style={{ background: serviceColor(hovered.serviceName) }}
            />
            <span className="text-slate-500">{hovered.serviceName}</span>
          </div>
          <div className="break-words font-medium">{hovered.name || "(unnamed)"}</div>
          <div className="tabular-nums">
            {formatDurationUs(hovered.durationUs)}
            {hovered.status.code === "ERROR" && <span className="ml-2 font-medium text-red-600">error</span>}
          </div>
        </div>
      )}
    </div>
  );
}

function canvasPoint(event: PointerEvent<HTMLCanvasElement>): Point {
  const box = event.currentTarget.getBoundingClientRect();
  return { x: event.clientX - box.left, y: event.clientY - box.top };
}

/** The element's content width in whole CSS pixels, kept current by a ResizeObserver. */
function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

function drawFlame(
  canvas: HTMLCanvasElement,
  rows: readonly TraceRow[],
  rects: readonly FlameRect[],
  widthPx: number,
  heightPx: number,
  selectedRow: number | undefined,
) {
  // A backing store in device pixels, drawn on in CSS pixels: sharp on high-density screens.
  const dpr = window.devicePixelRatio || 1;
  const backingWidth = Math.round(widthPx * dpr);
  const backingHeight = Math.round(heightPx * dpr);
  if (canvas.width !== backingWidth) canvas.width = backingWidth;
  if (canvas.height !== backingHeight) canvas.height = backingHeight;
  const context = canvas.getContext("2d");
  if (!context) return;
  context.setTransform(dpr, 0, 0, dpr, 0, 0);
  context.clearRect(0, 0, widthPx, heightPx);
  context.font = FONT;
  context.textBaseline = "middle";
  const errors: FlameRect[] = [];
  let selected: FlameRect | undefined;
  for (const { row, x, width: fullWidth, depth } of rects) {
    const span = (rows[row] as TraceRow).span;
    const y = depth * ROW_HEIGHT_PX;
    const width = fullWidth > 3 ? fullWidth - 1 : fullWidth; // a 1 px gap where it can be spared
    const color = serviceColor(span.serviceName);
    context.fillStyle = color;
    context.fillRect(x, y, width, ROW_HEIGHT_PX - 1);
    if (span.status.code === "ERROR") errors.push({ row, x, width, depth });
    if (row === selectedRow) selected = { row, x, width, depth };
    if (width < LABEL_MIN_PX) continue;
    const label = ellipsise(
      context,
      span.name.replace(/\s+/g, " ").trim() || "(unnamed)",
      width - 2 * LABEL_PAD_PX,
    );
    context.fillStyle = labelColor(color);
    if (label) context.fillText(label, x + LABEL_PAD_PX, y + ROW_HEIGHT_PX / 2);
  }
  // Outlines last, so that no concurrent span drawn over one on its level hides it.
  for (const rect of errors) outline(context, rect, "#dc2626", 1.5);
  if (selected) outline(context, selected, INK, 2);
}

/** A stroke inside the rect (less the gap), so that neighbours do not paint over it. */
function outline(context: CanvasRenderingContext2D, rect: FlameRect, color: string, lineWidth: number) {
  context.strokeStyle = color;
  context.lineWidth = lineWidth;
  const inset = lineWidth / 2;
  const y = rect.depth * ROW_HEIGHT_PX;
  context.strokeRect(
    rect.x + inset,
    y + inset,
    Math.max(rect.width - lineWidth, 0),
    ROW_HEIGHT_PX - 1 - lineWidth,
  );
}

/** The longest prefix of `text` that fits `maxPx` with an ellipsis, found by bisection. */
function ellipsise(context: CanvasRenderingContext2D, text: string, maxPx: number): string {
  if (context.measureText(text).width <= maxPx) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (context.measureText(`${text.slice(0, middle)}…`).width <= maxPx) low = middle;
    else high = middle - 1;
  }
  return low === 0 ? "" : `${text.slice(0, low)}…`;
}

/** Whichever of dark ink and white contrasts more with the service colour (a luma of ~125 is the break). */
function labelColor(hex: string): string {
  const rgb = Number.parseInt(hex.slice(1), 16);
  const luma = 0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
  return luma > 125 ? INK : "#ffffff";
}
