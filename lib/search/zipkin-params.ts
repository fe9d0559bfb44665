import { badRequest, describeValue } from "../errors";
import { normaliseTraceId } from "../model/ids";
import { MAX_MS } from "../time/iso-time";
import { parseAnnotationQuery } from "./annotation-query";
import {
  capWindow,
  clampLimit,
  optionalParam,
  plainMessage,
  readInteger,
  requireParam,
  singleParam,
  type TimeWindowUs,
} from "./params";
import type { SearchLimits, SearchQuery } from "./query";

/**
 * The query parameters of Zipkin's API v2 (zipkin2-api.yaml), read with the Zipkin server's rules
 * and refused with its plain messages ("limit <= 0"), so Zipkin Lens and Grafana see what they would
 * see from Zipkin. Times are epoch milliseconds on the wire and microseconds once parsed.
 */

const DEFAULT_LIMIT = 10;
/** Zipkin's `zipkin.query.lookback`, its dependencies' default lookback: one day. */
const DEFAULT_DEPENDENCIES_LOOKBACK_MS = 86_400_000;
/** Zipkin splits `traceIds` into at most 1000; more make its last id invalid. */
const MAX_TRACE_IDS = 1000;

/**
 * `GET /api/v2/traces`. `endTs` defaults to now and `lookback` to `endTs` (all time), the window
 * then capped; `limit` defaults to 10 and is clamped. Service, remote service and span names are
 * lower-cased and matched ignoring case, as Zipkin stores and compares them; an empty name, and the
 * span name "all" that Lens sends, mean any. Durations are microseconds: `maxDuration` needs
 * `minDuration`, as in Zipkin, where it is an upper bound on the same span.
 */
export function parseZipkinTracesQuery(
  params: URLSearchParams,
  nowMs: number,
  limits: SearchLimits,
): SearchQuery {
  const endTsMs = readInteger(params, "endTs", plainMessage, MAX_MS) ?? nowMs;
  const lookbackMs = readInteger(params, "lookback", plainMessage, MAX_MS) ?? endTsMs;
  const limit = readInteger(params, "limit", plainMessage) ?? DEFAULT_LIMIT;
  const minDurationUs = readInteger(params, "minDuration", plainMessage);
  const maxDurationUs = readInteger(params, "maxDuration", plainMessage);
  // Zipkin's QueryRequest checks, in its order and its words.
  if (endTsMs <= 0) throw badRequest("endTs <= 0");
  if (limit <= 0) throw badRequest("limit <= 0");
  if (lookbackMs <= 0) throw badRequest("lookback <= 0");
  if (minDurationUs !== undefined) {
    if (minDurationUs <= 0) throw badRequest("minDuration <= 0");
    if (maxDurationUs !== undefined && maxDurationUs < minDurationUs) {
      throw badRequest("maxDuration < minDuration");
    }
  } else if (maxDurationUs !== undefined) {
    throw badRequest("maxDuration is only valid with minDuration");
  }

  const query: SearchQuery = {
    tags: parseAnnotationQuery(optionalParam(params, "annotationQuery") ?? ""),
    ...window(endTsMs, lookbackMs, limits),
    limit: clampLimit(limit, limits),
    ignoreCase: true,
  };
  const serviceName = lowerCaseName(params, "serviceName");
  const remoteServiceName = lowerCaseName(params, "remoteServiceName");
  const spanName = lowerCaseName(params, "spanName");
  if (serviceName !== undefined) query.serviceName = serviceName;
  if (remoteServiceName !== undefined) query.remoteServiceName = remoteServiceName;
  if (spanName !== undefined && spanName !== "all") query.spanName = spanName;
  if (minDurationUs !== undefined) query.minDurationUs = minDurationUs;
  if (maxDurationUs !== undefined) query.maxDurationUs = maxDurationUs;
  return query;
}

/**
 * `GET /api/v2/traceMany?traceIds=a,b`: the normalised ids, in order. Zipkin refuses an empty list,
 * an invalid id, an id given twice (once normalised: "1" and "0000000000000001" are one), and a
 * single id, which has its own endpoint. Ids are trimmed, so "a, b" is read as meant.
 */
export function parseZipkinTraceIds(params: URLSearchParams): string[] {
  // Room for MAX_TRACE_IDS ids of 32 hex digits and their commas.
  const text = singleParam(params, "traceIds", plainMessage, MAX_TRACE_IDS * 33);
  if (text === null) throw badRequest("traceIds is required");
  if (text === "") throw badRequest("traceIds parameter is empty");
  const parts = text.split(",");
  if (parts.length > MAX_TRACE_IDS) {
    throw badRequest(`traceIds: at most ${MAX_TRACE_IDS} ids, got ${parts.length}`);
  }
  const ids = new Set<string>();
  for (const part of parts) {
    const id = normaliseTraceId(part.trim());
    if (!id.ok) throw badRequest(`traceIds: ${describeValue(part)} ${id.reason}`);
    if (ids.has(id.id)) throw badRequest(`redundant traceId: ${part}`);
    ids.add(id.id);
  }
  if (ids.size === 1) throw badRequest("Use /api/v2/trace/{traceId} endpoint to retrieve a single trace");
  return [...ids];
}

/** `GET /api/v2/dependencies`: `endTs` is required, `lookback` defaults to a day; the window is capped. */
export function parseZipkinDependenciesQuery(params: URLSearchParams, limits: SearchLimits): TimeWindowUs {
  const endTsMs = readInteger(params, "endTs", plainMessage, MAX_MS);
  if (endTsMs === undefined) throw badRequest("endTs is required");
  const lookbackMs =
    readInteger(params, "lookback", plainMessage, MAX_MS) ?? DEFAULT_DEPENDENCIES_LOOKBACK_MS;
  if (endTsMs <= 0) throw badRequest("endTs <= 0");
  if (lookbackMs <= 0) throw badRequest("lookback <= 0");
  return window(endTsMs, lookbackMs, limits);
}

/**
 * The `serviceName` of `GET /api/v2/spans` and `/api/v2/remoteServices`: required, and lower-cased
 * as Zipkin's stores look it up, so it is to be matched ignoring case.
 */
export function parseZipkinServiceName(params: URLSearchParams): string {
  return requireParam(params, "serviceName").toLowerCase();
}

/** Zipkin's window: [endTs − lookback, endTs] in milliseconds, inclusive, from the epoch at the earliest. */
function window(endTsMs: number, lookbackMs: number, limits: SearchLimits): TimeWindowUs {
  return capWindow(Math.max(0, endTsMs - lookbackMs) * 1000, endTsMs * 1000, limits);
}

function lowerCaseName(params: URLSearchParams, name: string): string | undefined {
  return optionalParam(params, name)?.toLowerCase();
}
