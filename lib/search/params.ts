import type { Config } from "../config";
import { badRequest, describeValue } from "../errors";

import type { SearchLimits } from "./query";

/**
 * What the Tracelight, Zipkin and Jaeger query parsers share: reading a parameter, strict integers,
 * and the server-side caps. Each API words its own refusals, so the readers take a `ParamMessage`.
 *
 * Every text a parser passes on is one PostgreSQL can hold and a search can mean (`checkText`): a
 * single value (a repeated parameter is refused rather than half read), no NUL (a `text` value
 * cannot hold U+0000: PostgreSQL refuses the whole statement), well-formed Unicode, and at most
 * MAX_PARAM_CHARS characters.
 */

/** How an API words a refusal of `name`: Zipkin's "limit: …", Jaeger's "unable to parse param 'limit': …". */
export type ParamMessage = (name: string, problem: string) => string;

/** Microseconds since the epoch, both ends inclusive. */
export interface TimeWindowUs {
  startUs: number;
  endUs: number;
}

/** The longest duration parseDurationUs reads, in words for refusals: 2^53 − 1 µs. */
export const MAX_DURATION = `${Math.floor(Number.MAX_SAFE_INTEGER / 86_400_000_000)}d`;

/**
 * Longer than any name or filter a search needs (the widest form, Jaeger's `tags` JSON, holds many
 * tags well within it), and short of Node's 16 KB limit on a whole request line.
 */
export const MAX_PARAM_CHARS = 4096;

const INTEGER = /^[+-]?\d+$/;
// Under the u flag a surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Tracelight's and Zipkin's wording: "limit: expected an integer, got …". */
export const plainMessage: ParamMessage = (name, problem) => `${name}: ${problem}`;

export function searchLimits(
  config: Pick<Config, "TRACELIGHT_QUERY_MAX_LIMIT" | "TRACELIGHT_QUERY_MAX_WINDOW">,
): SearchLimits {
  return { maxLimit: config.TRACELIGHT_QUERY_MAX_LIMIT, maxWindowUs: config.TRACELIGHT_QUERY_MAX_WINDOW };
}

/** Why PostgreSQL cannot hold `text` or a search cannot mean it; undefined when both can. */
export function textProblem(text: string): string | undefined {
  if (text.includes("\0")) return "must not contain a NUL character (U+0000)";
  if (LONE_SURROGATE.test(text)) return "must be well-formed Unicode, without lone surrogates";
  return undefined;
}

/** `text`, refused in the API's words when textProblem finds one or it is longer than `maxChars`. */
export function checkText(
  name: string,
  text: string,
  message: ParamMessage = plainMessage,
  maxChars = MAX_PARAM_CHARS,
): string {
  const problem = textProblem(text);
  if (problem !== undefined) throw badRequest(message(name, problem));
  if (text.length > maxChars) {
    throw badRequest(message(name, `expected at most ${maxChars} characters, got ${text.length}`));
  }
  return text;
}

/** The value of a parameter that is sent once, as sent ("" included); null when absent. */
export function singleParam(
  params: URLSearchParams,
  name: string,
  message: ParamMessage = plainMessage,
  maxChars = MAX_PARAM_CHARS,
): string | null {
  const values = params.getAll(name);
  if (values.length > 1) throw badRequest(message(name, `expected once, given ${values.length} times`));
  return values[0] === undefined ? null : checkText(name, values[0], message, maxChars);
}

/** The parameter's value; an empty one is absent, as both peers treat `?limit=`. */
export function optionalParam(
  params: URLSearchParams,
  name: string,
  message: ParamMessage = plainMessage,
): string | undefined {
  const value = singleParam(params, name, message);
  return value === null || value === "" ? undefined : value;
}

export function requireParam(
  params: URLSearchParams,
  name: string,
  message: ParamMessage = plainMessage,
): string {
  const value = optionalParam(params, name, message);
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
  const text = optionalParam(params, name, message);
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
