import { parseDurationUs } from "../format/duration";
import type { SearchField } from "../search/search-url";
import { formatLogfmtTags, parseLogfmtTags } from "../search/tracelight-params";

/** The search form's filters as TraceQL, and those TraceQL cannot say. */
export interface FormAsTraceQL {
  query: string;
  /** Filters left out, in words ("without errors"): TraceQL has no spanset negation. */
  unsaid: string[];
}

/**
 * The search form's filters (lib/search/tracelight-params.ts) as the TraceQL query that asks the same,
 * for the form's "Show as TraceQL". The form's span filters must all hold on one span, so they are
 * one `{ … && … }`; "with errors" is a trace filter (some span failed), so it is a spanset of its own
 * joined with `&&`. A tag becomes an unscoped attribute (`.key`: the span's, else its resource's,
 * where the form also looks in events and links); a value that reads as a number or a boolean is
 * written bare, as stored typed attributes compare, anything else as a string.
 */
export function searchToTraceQL(values: Partial<Record<SearchField, string>>): FormAsTraceQL {
  const conditions: string[] = [];
  const unsaid: string[] = [];
  const value = (field: SearchField) => values[field]?.trim() ?? "";
  if (value("service")) conditions.push(`resource.service.name = ${quote(value("service"))}`);
  if (value("operation")) conditions.push(`name = ${quote(value("operation"))}`);
  try {
    for (const tag of parseLogfmtTags(value("tags"))) {
      if (tag.exclude) {
        // "No span carries it" is about the whole trace, which a spanset filter cannot say.
        unsaid.push(formatLogfmtTags([tag]));
        continue;
      }
      const field = `.${attributeName(tag.key)}`;
      conditions.push(tag.value === undefined ? `${field} != nil` : `${field} = ${literal(tag.value)}`);
    }
  } catch {
    unsaid.push(`tags ${value("tags")}`);
  }
  conditions.push(...httpConditions(value("http"), unsaid));
  const durationField = value("durationOf") === "trace" ? "traceDuration" : "duration";
  for (const [field, op] of [
    ["minDuration", ">="],
    ["maxDuration", "<="],
  ] as const) {
    if (!value(field)) continue;
    const us = parseDurationUs(value(field));
    if (us === undefined) unsaid.push(`${field} ${value(field)}`);
    else conditions.push(`${durationField} ${op} ${durationLiteral(us)}`);
  }
  const spansets = [conditions.length > 0 ? `{ ${conditions.join(" && ")} }` : "{ }"];
  if (value("status") === "error") {
    if (conditions.length === 0) spansets[0] = "{ status = error }";
    else spansets.push("{ status = error }");
  } else if (value("status") === "ok") unsaid.push("without errors");
  return { query: spansets.join(" && "), unsaid };
}

/** `409` as one code, `5xx` as its range; anything else the form would refuse is left unsaid. */
function httpConditions(http: string, unsaid: string[]): string[] {
  if (!http) return [];
  const field = "span.http.status_code";
  const code = /^([1-5])(\d\d|xx)$/i.exec(http);
  if (!code) {
    unsaid.push(`HTTP ${http}`);
    return [];
  }
  if ((code[2] as string).toLowerCase() !== "xx") return [`${field} = ${Number(http)}`];
  const hundreds = Number(code[1]) * 100;
  return [`${field} >= ${hundreds}`, `${field} <= ${hundreds + 99}`];
}

/** A TraceQL string literal: double quotes, with `"` and `\` escaped. */
export function quote(text: string): string {
  return `"${text.replace(/["\\]/g, "\\$&")}"`;
}

/** An attribute name as TraceQL writes it after the scope: quoted when it holds what a name cannot. */
export function attributeName(key: string): string {
  return /^[A-Za-z_][\w.\-/]*$/.test(key) && !/\.\.|\.$/.test(key) ? key : quote(key);
}

function literal(text: string): string {
  if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return text;
  if (/^-?\d+\.\d+$/.test(text)) return text;
  if (text === "true" || text === "false") return text;
  return quote(text);
}

const UNITS: [string, number][] = [
  ["h", 3_600_000_000],
  ["m", 60_000_000],
  ["s", 1_000_000],
  ["ms", 1_000],
];

/** Whole microseconds in the largest TraceQL unit that divides them: 1500000 → `1500ms`, 2000000 → `2s`. */
function durationLiteral(us: number): string {
  for (const [unit, size] of UNITS) if (us % size === 0 && us > 0) return `${us / size}${unit}`;
  return `${us}us`;
}
