import type { Config } from "../config";
import { badRequest, describeValue } from "../errors";

import type { SearchLimits } from "./query";

/**
 * What the Zipkin and Jaeger query parsers share: reading a parameter, strict integers, and the
 * server-side caps. Each API words its own refusals, so the readers take a `ParamMessage`.
 */

/** How an API words a refusal of `name`: Zipkin's "limit: …", Jaeger's "unable to parse param 'limit': …". */
export type ParamMessage = (name: string, problem: string) => string;

/** Microseconds since the epoch, both ends inclusive. */
export interface TimeWindowUs {
  startUs: number;
  endUs: number;
}

/** The largest millisecond time whose microseconds are still an exact JS number (year 287,396). */
export const MAX_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

const INTEGER = /^[+-]?\d+$/;

export function searchLimits(
  config: Pick<Config, "TRACELIGHT_QUERY_MAX_LIMIT" | "TRACELIGHT_QUERY_MAX_WINDOW">,
): SearchLimits {
  return { maxLimit: config.TRACELIGHT_QUERY_MAX_LIMIT, maxWindowUs: config.TRACELIGHT_QUERY_MAX_WINDOW };
}

/** The parameter's value; an empty one is absent, as both peers treat `?limit=`. */
export function optionalParam(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === "" ? undefined : value;
}

export function requireParam(params: URLSearchParams, name: string): string {
  const value = optionalParam(params, name);
  if (value === undefined) throw badRequest(`${name} is required`);
  return value;
}

/**
 * A base-10 integer as Java's Long.parseLong and Go's ParseInt read it ("42", "+42", "-7", "007");
 * undefined for anything else ("1e3", "4.0", " 5", "0x10") and beyond ±2^53, where a JS number
 * stops being exact.
 */
export function parseInteger(text: string): number | undefined {
  if (!INTEGER.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** An optional integer parameter, refused with `message` when present but not an integer within ±`max`. */
export function readInteger(
  params: URLSearchParams,
  name: string,
  message: ParamMessage,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const text = optionalParam(params, name);
  if (text === undefined) return undefined;
  const value = parseInteger(text);
  if (value === undefined) throw badRequest(message(name, `expected an integer, got ${describeValue(text)}`));
  if (Math.abs(value) > max) throw badRequest(message(name, `${describeValue(text)} is out of range`));
  return value;
}

/**
 * Clamped, not refused: Zipkin Lens and Jaeger UI let users type any limit and show a refusal as an
 * empty result with an error, whereas the newest `maxLimit` traces are what such a user wanted.
 * Neither peer refuses a large limit either.
 */
export function clampLimit(limit: number, limits: SearchLimits): number {
  return Math.min(limit, limits.maxLimit);
}

/**
 * A window wider than `maxWindowUs` keeps its most recent `maxWindowUs`: results come newest first,
 * so that is the part a limited search shows anyway, and the default "all time" of Zipkin's
 * lookback becomes the cap itself, as Zipkin's own QUERY_LOOKBACK does.
 *
 *   asked:    |start ─────────────────────────────────── end|
 *   searched:                   |end − maxWindowUs ────── end|
 */
export function capWindow(startUs: number, endUs: number, limits: SearchLimits): TimeWindowUs {
  return { startUs: Math.max(startUs, endUs - limits.maxWindowUs), endUs };
}
