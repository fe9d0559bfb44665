"use client";

import type { ReactNode } from "react";
import { fromLocalInput, LOOKBACKS, toLocalInput } from "@/lib/time/window";

export const INPUT =
  "w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

/** The search's window and limit, as the URL keeps them: what the form and the TraceQL mode share. */
export interface WindowValues {
  lookback: string;
  start: string;
  end: string;
  limit: string;
}

/** The time range (a lookback, or a custom range) and the limit. */
export function WindowFields({
  values,
  onChange,
}: {
  values: WindowValues;
  onChange(values: Partial<WindowValues>): void;
}) {
  const custom = values.start !== "";
  return (
    <>
      <Field label="Time range" htmlFor="search-lookback">
        <select
          id="search-lookback"
          className={INPUT}
          value={custom ? "custom" : values.lookback}
          onChange={(event) => {
            const choice = event.target.value;
            if (choice === "custom") {
              onChange({
                start: new Date(Date.now() - 3_600_000).toISOString(),
                end: new Date().toISOString(),
              });
            } else onChange({ lookback: choice, start: "", end: "" });
          }}
        >
          {LOOKBACKS.map((lookback) => (
            <option key={lookback} value={lookback}>
              last {lookback}
            </option>
          ))}
          <option value="custom">custom range</option>
        </select>
      </Field>
      {custom && (
        <div className="grid grid-cols-1 gap-2">
          <DateTimeField label="From" value={values.start} onChange={(start) => onChange({ start })} />
          <DateTimeField label="To" value={values.end} onChange={(end) => onChange({ end })} />
        </div>
      )}
      <Field label="Limit" htmlFor="search-limit">
        <input
          id="search-limit"
          type="number"
          min={1}
          className={INPUT}
          value={values.limit}
          onChange={(event) => onChange({ limit: event.target.value })}
        />
      </Field>
    </>
  );
}

export function Field({
  label,
  htmlFor,
  help,
  children,
}: {
  label: string;
  htmlFor: string;
  help?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block text-xs font-medium text-slate-600 dark:text-slate-400">
        {label}
      </label>
      {children}
      {help && <p className="text-xs text-slate-500">{help}</p>}
    </div>
  );
}

/** An ISO time edited as the browser's local date and time. */
function DateTimeField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange(iso: string): void;
}) {
  const id = `search-${label.toLowerCase()}`;
  return (
    <Field label={label} htmlFor={id}>
      <input
        id={id}
        type="datetime-local"
        step={1}
        className={INPUT}
        value={toLocalInput(value)}
        onChange={(event) => onChange(fromLocalInput(event.target.value))}
      />
    </Field>
  );
}

/** A search form's submit button, the same in both modes. */
export function SubmitButton({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <button
      type="submit"
      className="w-full rounded bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700"
      data-testid={testId}
    >
      {children}
    </button>
  );
}
