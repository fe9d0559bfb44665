import { badRequest, describeValue } from "../errors";
import { normaliseTraceId } from "../model/ids";
import { parseIsoTimeMs } from "../time/iso-time";
import { parseJaegerOperationsQuery, parseTagsJson, readDuration } from "./jaeger-params";
import { capWindow, clampLimit, optionalParam, type ParamMessage, readInteger } from "./params";
import type { SearchLimits, SearchQuery } from "./query";

/**
 * The query parameters of Jaeger's API v3 (its query service's HTTP gateway, `apiv3/query_parser.go`),
 * as Jaeger UI 2.15+ sends them: camelCase names (`query.serviceName`), the older snake_case ones
 * (`query.service_name`) still read where the camelCase one is absent; times in RFC 3339 with up to
 * nanoseconds; refusals in its words ("malformed parameter query.startTimeMin: …").
 */

/** jaeger-query's default `searchDepth`; Jaeger UI sends its own limit (20). */
const DEFAULT_SEARCH_DEPTH = 100;

const message: ParamMessage = (name, problem) => `malformed parameter ${name}: ${problem}`;

/** The parameter by its camelCase name, else its deprecated snake_case one. */
function param(params: URLSearchParams, camel: string, snake: string): string | undefined {
  return optionalParam(params, camel, message) ?? optionalParam(params, snake, message);
}

/** `query.*` of `GET /api/v3/traces` and `/api/v3/trace-summaries`, as a search, and whether raw. */
export function parseJaegerV3Search(
  params: URLSearchParams,
  limits: SearchLimits,
): { query: SearchQuery; raw: boolean } {
  const startText = param(params, "query.startTimeMin", "query.start_time_min");
  const endText = param(params, "query.startTimeMax", "query.start_time_max");
  if (startText === undefined || endText === undefined) {
    throw badRequest("query.startTimeMin and query.startTimeMax are required");
  }
  const startUs = rfc3339Us("query.startTimeMin", startText);
  const endUs = rfc3339Us("query.startTimeMax", endText);
  if (startUs >= endUs) throw badRequest("query.startTimeMin must be before query.startTimeMax");
  const depth =
    readInteger(params, "query.searchDepth", message) ??
    readInteger(params, "query.search_depth", message) ??
    readInteger(params, "query.num_traces", message) ??
    DEFAULT_SEARCH_DEPTH;
  if (depth <= 0) throw badRequest("malformed parameter query.searchDepth: must be greater than 0");
  const minDurationUs = durationParam(params, "query.durationMin", "query.duration_min");
  const maxDurationUs = durationParam(params, "query.durationMax", "query.duration_max");
  if (minDurationUs !== undefined && maxDurationUs !== undefined && maxDurationUs < minDurationUs) {
    throw badRequest("query.durationMax must be greater than query.durationMin");
  }
  const attributes = param(params, "query.attributes", "query.attributes");
  const query: SearchQuery = {
    tags: Object.entries(attributes ? parseTagsJson(attributes, "query.attributes") : {}).map(
      ([key, value]) => ({
        key,
        value,
      }),
    ),
    ...capWindow(startUs, endUs, limits),
    limit: clampLimit(depth, limits),
  };
  const service = param(params, "query.serviceName", "query.service_name");
  const operation = param(params, "query.operationName", "query.operation_name");
  if (service !== undefined) query.serviceName = service;
  if (operation !== undefined) query.spanName = operation;
  if (minDurationUs !== undefined) query.minDurationUs = minDurationUs;
  if (maxDurationUs !== undefined) query.maxDurationUs = maxDurationUs;
  return { query, raw: booleanParam(params, "query.rawTraces", "query.raw_traces") };
}

/** `GET /api/v3/operations`: `service`, and `spanKind` (or `span_kind`) as the v1 API reads it. */
export function parseJaegerV3Operations(
  params: URLSearchParams,
): ReturnType<typeof parseJaegerOperationsQuery> {
  const kind = optionalParam(params, "spanKind", message) ?? optionalParam(params, "span_kind", message);
  const v1 = new URLSearchParams({ service: optionalParam(params, "service", message) ?? "" });
  if (kind !== undefined) v1.set("spanKind", kind);
  return parseJaegerOperationsQuery(v1);
}

/**
 * `GET /api/v3/traces/{trace_id}`: the id in hex, or in base64 (standard or URL-safe, padded or not),
 * as the gateway reads it; and `rawTraces`.
 */
export function parseJaegerV3TraceId(raw: string): string {
  const hex = /^[0-9a-fA-F]{1,32}$/.test(raw) ? raw : base64Hex(raw);
  const id = hex === undefined ? undefined : normaliseTraceId(hex);
  if (!id?.ok)
    throw badRequest(
      `malformed parameter trace_id: ${describeValue(raw)} is not a trace id in hex or base64`,
    );
  return id.id;
}

export function parseJaegerV3Raw(params: URLSearchParams): boolean {
  return booleanParam(params, "rawTraces", "raw_traces");
}

function base64Hex(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]{2,44}={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === 16 || bytes.length === 8 ? bytes.toString("hex") : undefined;
}

function booleanParam(params: URLSearchParams, camel: string, snake: string): boolean {
  const text = param(params, camel, snake);
  if (text === undefined || text === "false") return false;
  if (text === "true") return true;
  throw badRequest(message(camel, `expected true or false, got ${describeValue(text)}`));
}

function durationParam(params: URLSearchParams, camel: string, snake: string): number | undefined {
  return params.has(camel) ? readDuration(params, camel, message) : readDuration(params, snake, message);
}

/** RFC 3339 with up to nanoseconds, as µs since the epoch (the sub-µs digits dropped). */
function rfc3339Us(name: string, text: string): number {
  const ms = /[Tt]/.test(text) ? parseIsoTimeMs(text) : undefined;
  if (ms === undefined || ms < 0) {
    throw badRequest(
      message(name, `${describeValue(text)} is not an RFC 3339 time such as 2026-12-06T07:00:00Z`),
    );
  }
  const micros = /\.\d{3}(\d{1,3})/.exec(text)?.[1];
  return ms * 1000 + (micros ? Number(micros.padEnd(3, "0")) : 0);
}
