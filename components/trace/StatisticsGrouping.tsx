"use client";

import { useId } from "react";
import { dimensionName, FIELD_DIMENSIONS, type SpanDimension, tagKey } from "@/lib/analysis/span-dimensions";

/**
 * The statistics' "Group by" and "Sub-group by": the span's fields, then the trace's own attribute
 * keys. No group is the per-operation table; a sub-group needs a group, and is never the same one.
 */
export function StatisticsGrouping({
  keys,
  by,
  then,
  onChange,
}: {
  keys: readonly string[];
  by: SpanDimension | undefined;
  then: SpanDimension | undefined;
  onChange(by: SpanDimension | undefined, then: SpanDimension | undefined): void;
}) {
  const dimensionOf = (value: string) => (value === "" ? undefined : (value as SpanDimension));
  return (
    <div className="flex flex-wrap items-center gap-4 text-sm text-slate-600 dark:text-slate-400">
      <DimensionSelect
        label="Group by"
        keys={keys}
        value={by}
        none="Service and operation"
        onChange={(value) => {
          const next = dimensionOf(value);
          onChange(next, next === undefined || next === then ? undefined : then);
        }}
        testId="stats-group-by"
      />
      <DimensionSelect
        label="Sub-group by"
        keys={keys}
        value={then}
        none="None"
        exclude={by}
        disabled={by === undefined}
        onChange={(value) => onChange(by, dimensionOf(value))}
        testId="stats-subgroup-by"
      />
    </div>
  );
}

function DimensionSelect({
  label,
  keys,
  value,
  none,
  exclude,
  disabled = false,
  onChange,
  testId,
}: {
  label: string;
  keys: readonly string[];
  value: SpanDimension | undefined;
  none: string;
  exclude?: SpanDimension;
  disabled?: boolean;
  onChange(value: string): void;
  testId: string;
}) {
  // A tag the URL names that this trace lacks is still offered, so the select shows what is grouped by.
  const key = value === undefined ? undefined : tagKey(value);
  const tags = key === undefined || keys.includes(key) ? keys : [...keys, key];
  const id = useId();
  return (
    <span className="flex items-center gap-1.5">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="rounded border border-slate-300 bg-transparent px-1 py-0.5 text-slate-900 disabled:opacity-50 dark:border-slate-700 dark:text-slate-100"
        value={value ?? ""}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      >
        <option value="">{none}</option>
        <optgroup label="Span">
          {FIELD_DIMENSIONS.filter((field) => field !== exclude).map((field) => (
            <option key={field} value={field}>
              {dimensionName(field)}
            </option>
          ))}
        </optgroup>
        {tags.length > 0 && (
          <optgroup label="Tags and resource attributes">
            {tags
              .filter((tag) => `tag:${tag}` !== exclude)
              .map((tag) => (
                <option key={tag} value={`tag:${tag}`}>
                  {tag}
                </option>
              ))}
          </optgroup>
        )}
      </select>
    </span>
  );
}
