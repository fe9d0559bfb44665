"use client";

import { type FormEvent, useState } from "react";
import type { SearchField } from "@/lib/search/search-url";
import { searchToTraceQL } from "@/lib/traceql/from-search";
import { NamePicker } from "./NamePicker";
import { Field, INPUT, SubmitButton, WindowFields } from "./SearchFields";

type Values = Record<SearchField, string>;

/**
 * The search form. Its values start from the URL (the page remounts it when the URL changes, so back
 * and forward show their own search) and go back to it on submit.
 */
export function SearchForm({
  initial,
  onSearch,
  onShowTraceQL,
}: {
  initial: Values;
  onSearch(values: Values): void;
  /** The filters as typed, unsubmitted: the TraceQL mode opens with their query. */
  onShowTraceQL(values: Values): void;
}) {
  const [values, setValues] = useState(initial);
  const set = (field: SearchField) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));

  // What "Show as TraceQL" would leave out, said before it is clicked.
  const { unsaid } = searchToTraceQL(values);

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
            key alone; a tag may be on the span, its resource, an event or a link. <code>!key=value</code>{" "}
            keeps the traces without it.
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
      <WindowFields
        values={values}
        onChange={(window) => setValues((current) => ({ ...current, ...window }))}
      />
      <SubmitButton testId="search-submit">Find traces</SubmitButton>
      <button
        type="button"
        className="w-full rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        onClick={() => onShowTraceQL(values)}
        data-testid="show-traceql"
      >
        Show as TraceQL
      </button>
      {unsaid.length > 0 && (
        <p className="text-xs text-slate-500" data-testid="traceql-unsaid">
          TraceQL cannot say: {unsaid.join(", ")}
        </p>
      )}
    </form>
  );
}
