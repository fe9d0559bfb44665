"use client";

import { formatClockMs, formatStepUs } from "@/lib/services/overview";
import { REFRESHES, type Refresh, type ServicesView, STEPS, type Step } from "@/lib/services/services-view";
import { type GraphWindow, lookbackChoices } from "@/lib/time/window";

const SELECT =
  "rounded border border-slate-300 bg-white px-2 py-1 text-sm disabled:opacity-50 dark:border-slate-700 dark:bg-slate-900";

/**
 * The services page's time range, step and auto-refresh (all in the URL), and when the numbers on
 * screen were read. Auto's option names the step the server chose.
 */
export function ServicesControls({
  view,
  stepUs,
  updatedAtMs,
  fetching,
  onChange,
}: {
  view: ServicesView;
  /** The answer's step, µs; undefined before the first answer. */
  stepUs: number | undefined;
  /** When the numbers on screen were read, ms since the epoch; 0 before the first answer. */
  updatedAtMs: number;
  fetching: boolean;
  onChange(changes: Partial<ServicesView>): void;
}) {
  // A window with an end does not move: nothing to refresh (lib/services/services-view.ts).
  const fixed = view.window.start !== "" && view.window.end !== "";
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <LookbackSelect
        range={view.window}
        onLookback={(lookback) => onChange({ window: { lookback, start: "", end: "" }, page: 1 })}
      />
      <label className="flex items-center gap-2">
        <span className="text-slate-500">Step</span>
        <select
          className={SELECT}
          value={view.step}
          onChange={(event) => onChange({ step: event.target.value as Step })}
          data-testid="services-step"
        >
          {STEPS.map((step) => (
            <option key={step} value={step}>
              {step === "auto" && stepUs !== undefined ? `auto (${formatStepUs(stepUs)})` : step}
            </option>
          ))}
        </select>
      </label>
      <label
        className="flex items-center gap-2"
        title={fixed ? "A window with an end does not move" : undefined}
      >
        <span className="text-slate-500">Refresh</span>
        <select
          className={SELECT}
          value={fixed ? "off" : view.refresh}
          disabled={fixed}
          onChange={(event) => onChange({ refresh: event.target.value as Refresh })}
          data-testid="services-refresh"
        >
          {REFRESHES.map((refresh) => (
            <option key={refresh} value={refresh}>
              {refresh === "off" ? "off" : `every ${refresh}`}
            </option>
          ))}
        </select>
      </label>
      {updatedAtMs > 0 && (
        <span className="flex items-center gap-1.5 text-xs text-slate-500">
          {/* A dot that lights while the next numbers are read: the ones on screen stay meanwhile. */}
          <span
            aria-hidden
            className={`size-1.5 rounded-full bg-sky-500 transition-opacity ${fetching ? "animate-pulse opacity-100" : "opacity-0"}`}
          />
          <span className="tabular-nums" data-testid="services-updated">
            updated {formatClockMs(updatedAtMs)}
          </span>
        </span>
      )}
    </div>
  );
}

/** The search page's lookbacks; a start and end from a copied link show as a custom range. */
function LookbackSelect({ range, onLookback }: { range: GraphWindow; onLookback(lookback: string): void }) {
  const custom = range.start !== "";
  return (
    <label className="flex items-center gap-2">
      <span className="text-slate-500">Time range</span>
      <select
        className={SELECT}
        value={custom ? "custom" : range.lookback}
        onChange={(event) => onLookback(event.target.value)}
        data-testid="services-lookback"
      >
        {lookbackChoices(range.lookback).map((lookback) => (
          <option key={lookback} value={lookback}>
            last {lookback}
          </option>
        ))}
        {custom && (
          <option value="custom" disabled>
            custom range
          </option>
        )}
      </select>
    </label>
  );
}
