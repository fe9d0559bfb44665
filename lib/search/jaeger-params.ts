import { badRequest, describeType, describeValue } from "../errors";
import { parseDurationUs } from "../format/duration";
import { normaliseTraceId } from "../model/ids";
import { SPAN_KINDS, type SpanKind } from "../model/span";
import { MAX_MS } from "../time/iso-time";
import {
  capWindow,
  checkText,
  clampLimit,
  MAX_DURATION,
  optionalParam,
  type ParamMessage,
  readInteger,
  type TimeWindowUs,
  textProblem,
} from "./params";
import type { SearchLimits, SearchQuery, TagFilter } from "./query";

/**
 * The query parameters of Jaeger's HTTP JSON API (jaeger-query's `/api/traces` and
 * `/api/dependencies`), read with its query parser's rules and refused in its words
 * ("unable to parse param 'minDuration': …"), so Jaeger UI and Grafana see what they would see from
 * Jaeger. Search times are epoch microseconds, dependency times epoch milliseconds.
 */

/** jaeger-query's default; Jaeger UI always sends its own (20). */
const DEFAULT_LIMIT = 100;
/** jaeger-query's default dependencies lookback: one day. */
const DEFAULT_DEPENDENCIES_LOOKBACK_MS = 86_400_000;

const message: ParamMessage = (name, problem) => `unable to parse param '${name}': ${problem}`;

/**
 * `GET /api/traces` as a search (see parseJaegerTraceIds for the `traceID` form): `service` is
 * required; `operation` names the span exactly, case included; `start`/`end` default to the whole
 * capped window ending now; a `limit` above the cap is clamped.
 *
 * Tags come as `tag=key:value` (split at the first ":", so the value may hold more) and as
 * `tags={"key":"value"}`, the form Jaeger UI sends, applied after them: one value per key, the last
 * winning. `error=true` stays a tag filter, as in Jaeger, rather than becoming `SearchQuery.error`:
 * Jaeger matches the tag, and a span decoded from Jaeger keeps it beside its ERROR status.
 */
export function parseJaegerTracesQuery(
  params: URLSearchParams,
  nowUs: number,
  limits: SearchLimits,
): SearchQuery {
  const endUs = readInteger(params, "end", message) ?? nowUs;
  const startUs = readInteger(params, "start", message) ?? endUs - lookbackUs(params, limits);
  const tags = parseTags(params);
  const limit = readInteger(params, "limit", message) ?? DEFAULT_LIMIT;
  const minDurationUs = readDuration(params, "minDuration");
  const maxDurationUs = readDuration(params, "maxDuration");
  // jaeger-query's checks, in its order and its words.
  const serviceName = optionalParam(params, "service", message);
  if (serviceName === undefined) throw badRequest("parameter 'service' is required");
  if (limit <= 0) throw badRequest("invalid parameter: limit must be greater than 0");
  if (startUs > endUs) throw badRequest("invalid parameter: start time must be before end time");
  if (minDurationUs !== undefined && maxDurationUs !== undefined && maxDurationUs < minDurationUs) {
    throw badRequest("'maxDuration' should be greater than 'minDuration'");
  }

  const query: SearchQuery = {
    serviceName,
    tags,
    ...capWindow(startUs, endUs, limits),
    limit: clampLimit(limit, limits),
  };
  const operation = optionalParam(params, "operation", message);
  if (operation !== undefined) query.spanName = operation;
  if (minDurationUs !== undefined) query.minDurationUs = minDurationUs;
  if (maxDurationUs !== undefined) query.maxDurationUs = maxDurationUs;
  return query;
}

/**
 * `GET /api/traces?traceID=a&traceID=b`: Jaeger then answers those traces and needs no service.
 * The normalised ids, each once, in order; empty when there are none, i.e. a search.
 */
export function parseJaegerTraceIds(params: URLSearchParams): string[] {
  const ids = new Set<string>();
  for (const raw of params.getAll("traceID")) {
    if (raw === "") continue;
    const id = normaliseTraceId(raw);
    if (!id.ok) throw badRequest(`cannot parse traceID param: ${describeValue(raw)} ${id.reason}`);
    ids.add(id.id);
  }
  return [...ids];
}

/** `raw=true` keeps the two halves of a Zipkin shared span on one span id (lib/encode/jaeger-json.ts). */
export function parseJaegerRaw(params: URLSearchParams): boolean {
  return optionalParam(params, "raw", message) === "true";
}

/**
 * `GET /api/operations`: a service's operations, of one span kind when `spanKind` names one
 * (lower-case, as Jaeger writes them), in the stored upper case.
 */
export function parseJaegerOperationsQuery(params: URLSearchParams): { service: string; kind?: SpanKind } {
  const service = optionalParam(params, "service", message);
  if (service === undefined) throw badRequest("parameter 'service' is required");
  const spanKind = optionalParam(params, "spanKind", message);
  if (spanKind === undefined) return { service };
  const kind = SPAN_KINDS.find((known) => known === spanKind.toUpperCase());
  if (kind === undefined) {
    throw badRequest(
      `unsupported spanKind ${describeValue(spanKind)}: expected server, client, producer, consumer or internal`,
    );
  }
  return { service, kind };
}

/** The service of the legacy `GET /api/services/{service}/operations`, from the path. */
export function parseJaegerServicePath(service: string): string {
  return checkText("service", service, message);
}

/** `GET /api/dependencies`: `endTs` (ms) defaults to now, `lookback` (ms) to a day; the window is capped. */
export function parseJaegerDependenciesQuery(
  params: URLSearchParams,
  nowUs: number,
  limits: SearchLimits,
): TimeWindowUs {
  const endTsMs = readInteger(params, "endTs", message, MAX_MS);
  const lookbackMs = readInteger(params, "lookback", message, MAX_MS) ?? DEFAULT_DEPENDENCIES_LOOKBACK_MS;
  if (lookbackMs <= 0) throw badRequest("invalid parameter: lookback must be greater than 0");
  const endUs = endTsMs === undefined ? nowUs : endTsMs * 1000;
  return capWindow(endUs - lookbackMs * 1000, endUs, limits);
}

/**
 * How far back a search without `start` goes. jaeger-query ignores `lookback`: Jaeger UI sends it
 * beside `start` and `end`, computed from it, and sends "custom" for a range picked by hand. Without
 * `start`, a duration here ("1h", "2d") is honoured; "custom" or nothing means the whole window.
 */
function lookbackUs(params: URLSearchParams, limits: SearchLimits): number {
  const text = optionalParam(params, "lookback");
  if (text === undefined || text === "custom") return limits.maxWindowUs;
  const us = parseDurationUs(text);
  if (us === undefined) throw badRequest(message("lookback", invalidDuration(text)));
  return us;
}

/** A Go duration ("1.5ms", "500us", "4500ns", "1h30m"); zero, which Go also writes "0", means no bound. */
export function readDuration(
  params: URLSearchParams,
  name: string,
  words: ParamMessage = message,
): number | undefined {
  const text = optionalParam(params, name, words);
  if (text === undefined) return undefined;
  const us = text === "0" ? 0 : parseDurationUs(text);
  if (us === undefined) throw badRequest(words(name, invalidDuration(text)));
  return us === 0 ? undefined : us;
}

function invalidDuration(text: string): string {
  return `invalid duration ${describeValue(text)}; expected a Go duration such as 1.5ms, 500us or 2h, of at most ${MAX_DURATION}`;
}

function parseTags(params: URLSearchParams): TagFilter[] {
  const values = new Map<string, string>();
  for (const tag of params.getAll("tag")) {
    if (tag === "") continue;
    checkText("tag", tag, message);
    const colon = tag.indexOf(":");
    // An empty key is refused too: Jaeger would search for it and never find it.
    if (colon <= 0) {
      throw badRequest(`malformed 'tag' parameter, expecting key:value, received: ${describeValue(tag)}`);
    }
    values.set(tag.slice(0, colon), tag.slice(colon + 1));
  }
  for (const json of params.getAll("tags")) {
    if (json === "") continue;
    checkText("tags", json, message);
    for (const [key, value] of Object.entries(parseTagsJson(json))) values.set(key, value);
  }
  return Array.from(values, ([key, value]) => ({ key, value }));
}

/** A JSON object of strings, as Go reads a map[string]string: `null` is no tags, a number refused. */
export function parseTagsJson(text: string, name = "tags"): Record<string, string> {
  const refuse = (problem: string) =>
    badRequest(`malformed '${name}' parameter, cannot unmarshal JSON: ${problem}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw refuse((error as Error).message);
  }
  if (json === null) return {};
  if (typeof json !== "object" || Array.isArray(json)) {
    throw refuse(`expected an object of string values, got ${describeType(json)}`);
  }
  for (const [key, value] of Object.entries(json)) {
    if (key === "") throw refuse("a tag key is empty");
    if (typeof value !== "string") {
      throw refuse(`the value of ${describeValue(key)} is ${describeType(value)}, expected a string`);
    }
    // JSON escapes reach what the query string could not carry: "\u0000", a lone "\ud800".
    const problem = textProblem(key) ?? textProblem(value);
    if (problem !== undefined) throw refuse(`the tag ${describeValue(key)}: ${problem}`);
  }
  return json as Record<string, string>;
}
