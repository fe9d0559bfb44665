import { badRequest, describeValue } from "../errors";
import { normaliseTraceId } from "../model/ids";
import { optionalParam, singleParam } from "./params";
import type { SearchLimits, SearchQuery } from "./query";
import { parseTracelightSearch, readDuration } from "./tracelight-params";

/**
 * The parameters of `GET /api/attribute-diff`: the search's (lib/search/tracelight-params.ts:
 * service, operation, tags, status, http, minDuration, maxDuration, durationOf, the window) define
 * the population, and exactly one of these its selection:
 *
 *   slowerThan   a duration (500ms, 1.5s): the traces lasting longer, or with scope=span the spans
 *   errors       true: the traces with an error span, or with scope=span the error spans
 *   traceIds     up to MAX_DIFF_TRACE_IDS ids, comma-separated: those traces, or their spans
 *
 *   scope        trace (default): traces, each carrying every value of its spans | span: the spans
 *                of `operation`, which is then required
 *
 * The rest of the population is the baseline. `limit` and `sort` are the search's and mean nothing here.
 */
export const MAX_DIFF_TRACE_IDS = 1000;

export type DiffSelection = { slowerThanUs: number } | { errors: true } | { traceIds: string[] };

export interface AttributeDiffQuery {
  scope: "trace" | "span";
  population: SearchQuery;
  selection: DiffSelection;
}

const SELECTIONS = ["slowerThan", "errors", "traceIds"] as const;

export function parseAttributeDiffParams(
  params: URLSearchParams,
  nowUs: number,
  limits: SearchLimits,
): AttributeDiffQuery {
  const { query } = parseTracelightSearch(params, nowUs, limits);
  const scopeText = optionalParam(params, "scope") ?? "trace";
  if (scopeText !== "trace" && scopeText !== "span") {
    throw badRequest(`scope: expected trace or span, got ${describeValue(scopeText)}`);
  }
  if (scopeText === "span" && query.spanName === undefined) {
    throw badRequest("scope: span compares the spans of one operation: give operation too");
  }
  return { scope: scopeText, population: query, selection: readSelection(params) };
}

function readSelection(params: URLSearchParams): DiffSelection {
  const given = SELECTIONS.filter((name) => params.has(name));
  if (given.length !== 1) {
    throw badRequest(
      `${given.length === 0 ? "a selection is required" : `expected one selection, got ${given.join(" and ")}`}: give exactly one of slowerThan (a duration), errors=true or traceIds`,
    );
  }
  if (given[0] === "slowerThan") return { slowerThanUs: readDuration(params, "slowerThan") };
  if (given[0] === "errors") {
    const errors = singleParam(params, "errors");
    if (errors !== "true") throw badRequest(`errors: expected true, got ${describeValue(errors ?? "")}`);
    return { errors: true };
  }
  return { traceIds: readTraceIds(params) };
}

/** Normalised and without repeats; ids are trimmed, so "a, b" is read as meant. */
function readTraceIds(params: URLSearchParams): string[] {
  // Room for MAX_DIFF_TRACE_IDS ids of 32 hex digits and their commas.
  const text = singleParam(params, "traceIds", undefined, MAX_DIFF_TRACE_IDS * 33) ?? "";
  if (text.trim() === "") throw badRequest("traceIds: expected trace ids, comma-separated, got none");
  const parts = text.split(",");
  if (parts.length > MAX_DIFF_TRACE_IDS) {
    throw badRequest(`traceIds: at most ${MAX_DIFF_TRACE_IDS} ids, got ${parts.length}`);
  }
  const ids = new Set<string>();
  for (const part of parts) {
    const id = normaliseTraceId(part.trim());
    if (!id.ok) throw badRequest(`traceIds: ${describeValue(part)} ${id.reason}`);
    ids.add(id.id);
  }
  return [...ids];
}
