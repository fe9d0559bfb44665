"use client";

import { type PointerEvent as ReactPointerEvent, useEffect, useRef } from "react";
import { serviceColor } from "@/lib/format/service-color";
import { clampView, panView, type View } from "@/lib/trace/timeline";
import type { TraceTree } from "@/lib/trace/tree";

const HEIGHT = 56;

/**
 * The whole trace in miniature, one pixel line per span in tree order, drawn once on a canvas (a
 * 100k-span trace is 100k rectangles, a few milliseconds), with the timeline's view as a window on
 * it: drag inside the window to pan, drag its edges to resize it, drag elsewhere (anywhere, while it
 * shows the whole trace) to brush a new view, double-click to see the whole trace again.
 */
export function TraceMinimap({
  tree,
  startUs,
  durationUs,
  view,
  onViewChange,
}: {
  tree: TraceTree;
  startUs: number;
  durationUs: number;
  view: View;
  onViewChange(view: View): void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ mode: "pan" | "start" | "end" | "brush"; from: number; view: View } | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const draw = () => {
      const ratio = window.devicePixelRatio || 1;
      const width = canvas.clientWidth * ratio;
      const height = HEIGHT * ratio;
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext("2d");
      if (!context) return;
      context.clearRect(0, 0, width, height);
      const rows = tree.rows;
      const rowHeight = Math.max(height / Math.max(rows.length, 1), 0.5);
      const total = Math.max(durationUs, 1);
      rows.forEach(({ span }, i) => {
        context.fillStyle = span.status.code === "ERROR" ? "#dc2626" : serviceColor(span.serviceName);
        const x = ((span.startUs - startUs) / total) * width;
        context.fillRect(
          x,
          (i / rows.length) * height,
          Math.max((span.durationUs / total) * width, 1),
          rowHeight,
        );
      });
    };
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [tree, startUs, durationUs]);

  const fraction = (event: ReactPointerEvent) => {
    const box = event.currentTarget.getBoundingClientRect();
    return (event.clientX - box.left) / Math.max(box.width, 1);
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    const at = fraction(event);
    const edge = 6 / Math.max(event.currentTarget.getBoundingClientRect().width, 1);
    const whole = view.start === 0 && view.end === 1;
    // Over the whole trace the window is everywhere: any drag brushes a new one.
    const mode = whole
      ? "brush"
      : Math.abs(at - view.start) <= edge
        ? "start"
        : Math.abs(at - view.end) <= edge
          ? "end"
          : at > view.start && at < view.end
            ? "pan"
            : "brush";
    drag.current = { mode, from: at, view };
    event.currentTarget.setPointerCapture(event.pointerId);
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (!current) return;
    const at = Math.min(1, Math.max(0, fraction(event)));
    if (current.mode === "pan") onViewChange(panView(current.view, at - current.from));
    else if (current.mode === "start") onViewChange(clampView({ start: at, end: current.view.end }));
    else if (current.mode === "end") onViewChange(clampView({ start: current.view.start, end: at }));
    else if (Math.abs(at - current.from) > 0.002) onViewChange(clampView({ start: current.from, end: at }));
  };

  const whole = view.start === 0 && view.end === 1;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a pointer brush; the timeline's keys (+, −, 0) zoom without it.
    <div
      className="relative cursor-crosshair touch-none select-none rounded border border-slate-200 dark:border-slate-800"
      style={{ height: HEIGHT }}
      data-testid="minimap"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => {
        drag.current = null;
      }}
      onDoubleClick={() => onViewChange({ start: 0, end: 1 })}
    >
      <canvas
        ref={canvasRef}
        className="absolute inset-0 h-full w-full"
        aria-label="Minimap of the whole trace"
      />
      {!whole && (
        <>
          <div
            className="absolute inset-y-0 left-0 bg-slate-500/30"
            style={{ width: `${view.start * 100}%` }}
          />
          <div
            className="absolute inset-y-0 right-0 bg-slate-500/30"
            style={{ width: `${(1 - view.end) * 100}%` }}
          />
        </>
      )}
      <div
        className="absolute inset-y-0 cursor-grab border-x-2 border-sky-600"
        style={{ left: `${view.start * 100}%`, width: `${(view.end - view.start) * 100}%` }}
        data-testid="minimap-window"
      />
    </div>
  );
}
