"use client";

import { type FormEvent, type ReactNode, useState } from "react";
import type { SearchField } from "@/lib/search/search-url";
import { fromLocalInput, LOOKBACKS, toLocalInput } from "@/lib/time/window";
import { NamePicker } from "./NamePicker";

type Values = Record<SearchField, string>;

const INPUT =
  "w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

/**
 * The search form. Its values start from the URL (the page remounts it when the URL changes, so back
 * and forward show their own search) and go back to it on submit.
 */
export function SearchForm({ initial, onSearch }: { initial: Values; onSearch(values: Values): void }) {
  const [values, setValues] = useState(initial);
  const set = (field: SearchField) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));
  const custom = values.start !== "";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(values);
  };

  return (
    <form className="space-y-3" onSubmit={submit} aria-label="Search traces" data-testid="search-form">
      <Field label="Service" htmlFor="search-service">
        <NamePicker
          id="search-service"
          label="Service"
          source={{ kind: "services" }}
          className={INPUT}
          placeholder="all services"
          value={values.service}
          onChange={(service) => setValues((current) => ({ ...current, service, operation: "" }))}
        />
      </Field>
      <Field label="Operation" htmlFor="search-operation">
        <NamePicker
          id="search-operation"
          label="Operation"
          source={{ kind: "operations", service: values.service }}
          className={INPUT}
          placeholder={values.service ? "all operations" : "choose a service first, or type a name"}
          value={values.operation}
          onChange={set("operation")}
        />
      </Field>
      <Field
        label="Tags"
        htmlFor="search-tags"
        help={
          <>
            logfmt: <code>http.status_code=409 error "db.statement"="select 1"</code>. A bare key asks for the
            key alone; a tag may be on the span, its resource, an event or a link.
          </>
        }
      >
        <input
          id="search-tags"
          className={`${INPUT} font-mono`}
          value={values.tags}
          onChange={(event) => set("tags")(event.target.value)}
        />
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label="Status" htmlFor="search-status">
          <select
            id="search-status"
            className={INPUT}
            value={values.status}
            onChange={(event) => set("status")(event.target.value)}
          >
            <option value="">any</option>
            <option value="error">with errors</option>
            <option value="ok">without errors</option>
          </select>
        </Field>
        <Field label="HTTP status" htmlFor="search-http">
          <input
            id="search-http"
            className={INPUT}
            placeholder="409 or 5xx"
            value={values.http}
            onChange={(event) => set("http")(event.target.value)}
          />
        </Field>
      </div>
      <fieldset className="space-y-1">
        <legend className="text-xs font-medium text-slate-600 dark:text-slate-400">Duration</legend>
        <div className="grid grid-cols-2 gap-2">
          <input
            aria-label="Minimum duration"
            className={INPUT}
            placeholder="min, e.g. 500ms"
            value={values.minDuration}
            onChange={(event) => set("minDuration")(event.target.value)}
          />
          <input
            aria-label="Maximum duration"
            className={INPUT}
            placeholder="max, e.g. 2s"
            value={values.maxDuration}
            onChange={(event) => set("maxDuration")(event.target.value)}
          />
        </div>
        <div className="flex gap-4 text-sm">
          {(
            [
              ["span", "of any matching span"],
              ["trace", "of the whole trace"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-1">
              <input
                type="radio"
                name="durationOf"
                value={value}
                checked={values.durationOf === value}
                onChange={() => set("durationOf")(value)}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label="Time range" htmlFor="search-lookback">
        <select
          id="search-lookback"
          className={INPUT}
          value={custom ? "custom" : values.lookback}
          onChange={(event) => {
            const choice = event.target.value;
            if (choice === "custom") {
              setValues((current) => ({
                ...current,
                start: new Date(Date.now() - 3_600_000).toISOString(),
                end: new Date().toISOString(),
              }));
            } else setValues((current) => ({ ...current, lookback: choice, start: "", end: "" }));
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
          <DateTimeField label="From" value={values.start} onChange={set("start")} />
          <DateTimeField label="To" value={values.end} onChange={set("end")} />
        </div>
      )}
      <Field label="Limit" htmlFor="search-limit">
        <input
          id="search-limit"
          type="number"
          min={1}
          className={INPUT}
          value={values.limit}
          onChange={(event) => set("limit")(event.target.value)}
        />
      </Field>
      <button
        type="submit"
        className="w-full rounded bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700"
        data-testid="search-submit"
      >
        Find traces
      </button>
    </form>
  );
}

function Field({
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
