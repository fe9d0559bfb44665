import { formatTimestampUs } from "../format/time";
import { parseTimeMs } from "./iso-time";

/**
 * The time window the pages show and keep in their URLs, as Tracelight's own APIs read it
 * (lib/search/tracelight-params.ts): `lookback` back from now, or `start` (which then wins) and
 * `end` (default now), each an ISO time or epoch milliseconds. The search, dependencies and services
 * pages offer the same lookbacks, and a custom range typed into `datetime-local` inputs.
 */
export const DEFAULT_LOOKBACK = "1h";

/** The lookbacks the pages offer, from five minutes to the default widest window. */
export const LOOKBACKS = ["5m", "15m", "30m", "1h", "3h", "6h", "12h", "24h", "2d", "7d"] as const;

/** The lookbacks to offer when `current` is chosen: LOOKBACKS, plus `current` if a URL asked for another. */
export function lookbackChoices(current: string): readonly string[] {
  return (LOOKBACKS as readonly string[]).includes(current) || current === ""
    ? LOOKBACKS
    : [...LOOKBACKS, current];
}

/**
 * The window as a URL has it: a lookback, or a start (which then wins) and an end. Named for the
 * dependencies page, where it began; the services page's URL holds the same.
 */
export interface GraphWindow {
  lookback: string;
  start: string;
  end: string;
}

export function graphWindow(params: URLSearchParams): GraphWindow {
  return {
    lookback: params.get("lookback")?.trim() || DEFAULT_LOOKBACK,
    start: params.get("start")?.trim() ?? "",
    end: params.get("end")?.trim() ?? "",
  };
}

/** The window's query parameters: its start and end, or else its lookback. */
export function windowParams(window: GraphWindow): URLSearchParams {
  const params = new URLSearchParams();
  if (window.start) {
    params.set("start", window.start);
    if (window.end) params.set("end", window.end);
  } else params.set("lookback", window.lookback);
  return params;
}

/** The query string of `GET /api/graph` and `GET /api/services/metrics` for a window. */
export function graphApiQuery(window: GraphWindow): string {
  return windowParams(window).toString();
}

/** "the last 1h", "between 2026-11-22 10:00:00.000 UTC and 2026-11-22 11:00:00.000 UTC", "since …". */
export function describeWindow(window: GraphWindow): string {
  if (!window.start) return `the last ${window.lookback}`;
  const start = readable(window.start);
  return window.end ? `between ${start} and ${readable(window.end)}` : `since ${start}`;
}

/** A time as every page shows absolute times; as typed when it is unreadable (the API will say so). */
function readable(time: string): string {
  const ms = parseTimeMs(time);
  return ms === undefined ? time : formatTimestampUs(ms * 1000);
}

/**
 * An ISO time (or epoch milliseconds) as a `datetime-local` input's value, in the browser's time
 * zone, to the second; "" when it is no time.
 */
export function toLocalInput(time: string): string {
  const date = new Date(/^\d+$/.test(time) ? Number(time) : time);
  if (!time || Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

/** A `datetime-local` input's value (local time) as an ISO time; "" for an empty input. */
export function fromLocalInput(value: string): string {
  return value ? new Date(value).toISOString() : "";
}
