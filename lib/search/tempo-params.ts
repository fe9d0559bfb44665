import { badRequest } from "../errors";
import { capWindow, clampLimit, optionalParam, readInteger } from "./params";
import type { SearchLimits } from "./query";

/** Tempo's defaults: 20 traces, 3 spans a spanset, and (here) the last hour without a window. */
export const TEMPO_DEFAULT_LIMIT = 20;
export const TEMPO_DEFAULT_SPSS = 3;
export const TEMPO_MAX_SPSS = 100;
const DEFAULT_WINDOW_US = 3_600_000_000;
/** Tempo's times are unix seconds in a uint32. */
const MAX_SECONDS = 2 ** 32 - 1;

export interface TempoSearch {
  q: string;
  startUs: number;
  endUs: number;
  limit: number;
  spss: number;
}

/** Tempo's words for a bad parameter, which Grafana shows as they are. */
const tempoMessage = (name: string, problem: string) => `invalid ${name}: ${problem}`;

/**
 * `GET /api/search`'s parameters as Tempo reads them (pkg/api/http.go): `q`, `limit` (positive),
 * `spss` (0 means the default; at most TEMPO_MAX_SPSS), and `start`/`end` in unix seconds, end after
 * start. The window is capped as every search's is (TRACELIGHT_QUERY_MAX_WINDOW).
 */
export function parseTempoSearch(params: URLSearchParams, nowUs: number, limits: SearchLimits): TempoSearch {
  if (optionalParam(params, "tags", tempoMessage) !== undefined && params.has("q")) {
    throw badRequest("invalid request: can't specify tags and q in the same query");
  }
  const limit = readInteger(params, "limit", tempoMessage) ?? TEMPO_DEFAULT_LIMIT;
  if (limit <= 0) throw badRequest("invalid limit: must be a positive number");
  const spss = readInteger(params, "spss", tempoMessage) ?? 0;
  if (spss < 0) throw badRequest("invalid spss: must be a non-negative number");
  if (spss > TEMPO_MAX_SPSS)
    throw badRequest(`spans per span set exceeds ${TEMPO_MAX_SPSS}. received ${spss}`);
  const { startUs, endUs } = parseTempoWindow(params, nowUs);
  return {
    q: optionalParam(params, "q", tempoMessage) ?? "{}",
    ...capWindow(startUs, endUs, limits),
    limit: clampLimit(limit, limits),
    spss: spss === 0 ? TEMPO_DEFAULT_SPSS : spss,
  };
}

/** `start` and `end` in unix seconds (both optional: the last hour), end after start. */
export function parseTempoWindow(params: URLSearchParams, nowUs: number): { startUs: number; endUs: number } {
  const start = readInteger(params, "start", tempoMessage, MAX_SECONDS);
  const end = readInteger(params, "end", tempoMessage, MAX_SECONDS);
  if (start !== undefined && start < 0) throw badRequest("invalid start: must be a unix time in seconds");
  if (end !== undefined && end < 0) throw badRequest("invalid end: must be a unix time in seconds");
  const endUs = end !== undefined && end > 0 ? end * 1_000_000 : nowUs;
  const startUs = start !== undefined && start > 0 ? start * 1_000_000 : endUs - DEFAULT_WINDOW_US;
  if (startUs >= endUs) throw badRequest("http parameter start must be before end");
  // The window's last second is whole: a span that started within it is in.
  return { startUs, endUs: end !== undefined && end > 0 ? endUs + 999_999 : endUs };
}
