import { badRequest, describeValue } from "../errors";
import { parseDurationUs } from "../format/duration";
import { MAX_MS, parseTimeMs } from "../time/iso-time";
import { DEFAULT_LOOKBACK } from "../time/window";
import {
  capWindow,
  clampLimit,
  MAX_DURATION,
  optionalParam,
  parseInteger,
  type TimeWindowUs,
} from "./params";
import {
  SEARCH_ORDERS,
  type SearchLimits,
  type SearchOrder,
  type SearchQuery,
  type TagFilter,
} from "./query";

/**
 * The parameters of Tracelight's own search (`GET /api/search`), which are also the search page's
 * URL, so a copied link is a query:
 *
 *   service, operation   exact names; no service searches every service
 *   tags                 logfmt: `http.status_code=409 error "db.system"=postgresql note="two words"`;
 *                        a bare key asks for the key alone
 *   status               error | ok (a trace without any error span)
 *   http                 a code (409) or a class (5xx), answered or received by a span
 *   minDuration, maxDuration   durations such as 500ms, 1.5s, 2m
 *   durationOf           span (default: a matching span lasts that long, as in Jaeger and Zipkin) | trace
 *   lookback             how far back from `end` (default 1h); or `start`, then `end` (default now),
 *                        each an ISO 8601 time or epoch milliseconds, from 1970 to 2255
 *   limit                default 20, capped by TRACELIGHT_QUERY_MAX_LIMIT
 *   sort                 recent (default) | longest | spans | errors
 *
 * Each parameter is given at most once. Every refusal names the parameter and what it expected.
 */
export const DEFAULT_LIMIT = 20;
const LATEST_TIME = new Date(MAX_MS).toISOString().slice(0, 10);

export function parseTracelightSearch(
  params: URLSearchParams,
  nowUs: number,
  limits: SearchLimits,
): { query: SearchQuery; order: SearchOrder } {
  const limitText = optionalParam(params, "limit");
  const limit = limitText === undefined ? DEFAULT_LIMIT : parseInteger(limitText);
  if (limit === undefined || limit <= 0) {
    throw badRequest(`limit: expected a positive integer, got ${describeValue(limitText)}`);
  }
  const query: SearchQuery = {
    tags: parseLogfmtTags(optionalParam(params, "tags") ?? ""),
    ...parseTracelightWindow(params, nowUs, limits),
    limit: clampLimit(limit, limits),
  };
  const service = optionalParam(params, "service");
  const operation = optionalParam(params, "operation");
  if (service !== undefined) query.serviceName = service;
  if (operation !== undefined) query.spanName = operation;
  const status = optionalParam(params, "status");
  if (status !== undefined) query.error = oneOf(status, "status", ["error", "ok"]) === "error";
  const http = optionalParam(params, "http");
  if (http !== undefined) query.httpStatus = parseHttpStatus(http);
  readDurations(params, query);
  return { query, order: oneOf(optionalParam(params, "sort") ?? "recent", "sort", SEARCH_ORDERS) };
}

/**
 * The window of Tracelight's own APIs (the search, the graph): `lookback` back from `end` (default
 * 1h back from now), or `start` to `end`, capped to the widest window.
 */
export function parseTracelightWindow(
  params: URLSearchParams,
  nowUs: number,
  limits: SearchLimits,
): TimeWindowUs {
  const endUs = readTime(params, "end") ?? nowUs;
  const startUs = readTime(params, "start") ?? endUs - readDuration(params, "lookback", DEFAULT_LOOKBACK);
  if (startUs > endUs) throw badRequest("start: must be before end");
  return capWindow(startUs, endUs, limits);
}

function readDurations(params: URLSearchParams, query: SearchQuery): void {
  const min =
    optionalParam(params, "minDuration") === undefined ? undefined : readDuration(params, "minDuration");
  const max =
    optionalParam(params, "maxDuration") === undefined ? undefined : readDuration(params, "maxDuration");
  if (min !== undefined && max !== undefined && max < min) {
    throw badRequest("maxDuration: must not be less than minDuration");
  }
  const ofTrace =
    oneOf(optionalParam(params, "durationOf") ?? "span", "durationOf", ["span", "trace"]) === "trace";
  if (min !== undefined) query[ofTrace ? "traceMinDurationUs" : "minDurationUs"] = min;
  if (max !== undefined) query[ofTrace ? "traceMaxDurationUs" : "maxDurationUs"] = max;
}

/** A duration parameter (500ms, 1.5s, 2h), refused in the search's words. */
export function readDuration(params: URLSearchParams, name: string, fallback?: string): number {
  const text = optionalParam(params, name) ?? fallback ?? "";
  const us = parseDurationUs(text);
  if (us === undefined) {
    throw badRequest(
      `${name}: expected a duration such as 500ms, 1.5s or 2h, of at most ${MAX_DURATION}, got ${describeValue(text)}`,
    );
  }
  return us;
}

function readTime(params: URLSearchParams, name: string): number | undefined {
  const text = optionalParam(params, name);
  if (text === undefined) return undefined;
  const ms = parseTimeMs(text);
  if (ms === undefined) {
    throw badRequest(
      `${name}: expected an ISO 8601 time such as 2026-11-29T10:00:00Z or epoch milliseconds, from 1970 to ${LATEST_TIME}, got ${describeValue(text)}`,
    );
  }
  return ms * 1000;
}

function parseHttpStatus(text: string): { min: number; max: number } {
  const code = /^([1-5])(\d\d|xx)$/i.exec(text);
  if (!code)
    throw badRequest(
      `http: expected a status code such as 409 or a class such as 5xx, got ${describeValue(text)}`,
    );
  if ((code[2] as string).toLowerCase() === "xx") {
    const hundreds = Number(code[1]) * 100;
    return { min: hundreds, max: hundreds + 99 };
  }
  return { min: Number(text), max: Number(text) };
}

function oneOf<T extends string>(value: string, name: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw badRequest(`${name}: expected ${allowed.join(", ")}, got ${describeValue(value)}`);
  }
  return value as T;
}

/**
 * logfmt as the search page writes it: space-separated `key=value` or bare `key` terms; a key or a
 * value with spaces, `=` or quotes is double-quoted, with `\"` and `\\` escapes inside. A term led by
 * `!` excludes: the traces none of whose spans carry it.
 */
export function parseLogfmtTags(text: string): TagFilter[] {
  const tags: TagFilter[] = [];
  let at = 0;
  const skipSpaces = () => {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
  };
  const readPart = (stopAtEquals: boolean): string => {
    if (text[at] === '"') {
      const open = at++;
      let value = "";
      while (at < text.length && text[at] !== '"') {
        if (text[at] === "\\" && at + 1 < text.length) at++;
        value += text[at++];
      }
      if (at >= text.length) throw badRequest(`tags: the quote at character ${open + 1} is never closed`);
      at++;
      return value;
    }
    const start = at;
    while (at < text.length && !/\s/.test(text[at] as string) && !(stopAtEquals && text[at] === "=")) at++;
    return text.slice(start, at);
  };
  for (skipSpaces(); at < text.length; skipSpaces()) {
    const termStart = at;
    const exclude = text[at] === "!";
    if (exclude) at++;
    const key = readPart(true);
    if (key === "") throw badRequest(`tags: a term at character ${termStart + 1} has no key`);
    const hasValue = text[at] === "=";
    if (hasValue) at++;
    const tag: TagFilter = hasValue ? { key, value: readPart(false) } : { key };
    if (exclude) tag.exclude = true;
    tags.push(tag);
    if (at < text.length && !/\s/.test(text[at] as string)) {
      throw badRequest(`tags: expected a space after the term at character ${termStart + 1}`);
    }
  }
  return tags;
}

/** The inverse of parseLogfmtTags, for the search page's form. */
export function formatLogfmtTags(tags: TagFilter[]): string {
  const quote = (text: string) =>
    /^[^\s="\\!][^\s="\\]*$/.test(text) ? text : `"${text.replace(/["\\]/g, "\\$&")}"`;
  return tags
    .map(
      ({ key, value, exclude }) =>
        `${exclude ? "!" : ""}${value === undefined ? quote(key) : `${quote(key)}=${quote(value)}`}`,
    )
    .join(" ");
}
