import { badRequest, describeValue } from "../errors";
import type { SpanKind } from "../model/span";
import { MAX_MS } from "../time/iso-time";
import { checkText, optionalParam, type ParamMessage, readInteger } from "./params";

/**
 * The parameters of Jaeger's metrics API (`GET /api/metrics/{calls,errors,latencies}`, what Jaeger
 * UI's Monitor tab asks), read with jaeger-query's rules (its `parseMetricsQueryParams`), in its
 * order and its words ("unable to parse param 'step': …"):
 *
 *   service           repeated, at least one                    (here: at most MAX_SERVICES)
 *   groupByOperation  Go's ParseBool, default false
 *   spanKind          repeated; unspecified|internal|server|client|producer|consumer, any case;
 *                     default server
 *   endTs             epoch ms, default now
 *   lookback          ms, default 1 h                           (here: > 0, at most maxLookbackUs)
 *   step              ms, default 5 s                           (here: > 0, lookback/step ≤ MAX_POINTS)
 *   ratePer           ms, default 10 min                        (here: > 0, at most maxLookbackUs)
 *   quantile          latencies only, required, a float in (0, 1]
 *
 * Jaeger UI (components/Monitor/ServicesView) sends, keys sorted by its query-string library:
 *   service=S&endTs=<now ms>&lookback=<3600000…172800000>&quantile=0.95&ratePer=600000
 *     &spanKind=server&step=60000               (+ groupByOperation=true for the operations table)
 * with quantile 0.5, 0.75 or 0.95 for latencies, and the quantile sent (and ignored) for calls and
 * errors too.
 *
 * jaeger-query takes any lookback, step and ratePer and leaves the metrics store to fail; here what
 * would be unbounded work or mean nothing is refused as a 400 naming the parameter.
 */

/** Jaeger UI sends one; the filter is an OR of names, bounded like any list a request brings. */
export const MAX_SERVICES = 100;
/** A week of minutes: the points one series may have. */
export const MAX_POINTS = 10_080;

const DEFAULT_LOOKBACK_MS = 3_600_000;
const DEFAULT_STEP_MS = 5_000;
const DEFAULT_RATE_PER_MS = 600_000;

/**
 * Jaeger's span kinds as the model keeps them: OTLP's UNSPECIFIED is stored as INTERNAL
 * (lib/ingest/otlp/mapping.ts), so "unspecified" asks for those.
 */
const SPAN_KINDS_BY_NAME: Readonly<Record<string, SpanKind>> = {
  unspecified: "INTERNAL",
  internal: "INTERNAL",
  server: "SERVER",
  client: "CLIENT",
  producer: "PRODUCER",
  consumer: "CONSUMER",
};

const BOOLEANS: Readonly<Record<string, boolean>> = Object.fromEntries([
  ...["1", "t", "T", "TRUE", "true", "True"].map((text) => [text, true]),
  ...["0", "f", "F", "FALSE", "false", "False"].map((text) => [text, false]),
]);

/** Go's ParseFloat for what a client writes: decimals with an optional exponent. */
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const message: ParamMessage = (name, problem) => `unable to parse param '${name}': ${problem}`;

/** A metrics query; all times and durations in µs. */
export interface JaegerMetricsQuery {
  services: string[];
  groupByOperation: boolean;
  /** Distinct, in the order asked. */
  spanKinds: SpanKind[];
  endUs: number;
  lookbackUs: number;
  stepUs: number;
  ratePerUs: number;
}

export function parseJaegerMetricsQuery(
  params: URLSearchParams,
  nowUs: number,
  maxLookbackUs: number,
): JaegerMetricsQuery {
  const services = readServices(params);
  const groupByOperation = readBoolean(params, "groupByOperation");
  const spanKinds = readSpanKinds(params);
  const endTsMs = readInteger(params, "endTs", message, MAX_MS);
  if (endTsMs !== undefined && endTsMs < 0) {
    throw badRequest(message("endTs", `expected epoch milliseconds of 0 or more, got ${endTsMs}`));
  }
  const maxMs = Math.floor(maxLookbackUs / 1000);
  const lookbackMs = readPositiveMs(params, "lookback", DEFAULT_LOOKBACK_MS, maxMs);
  const stepMs = readPositiveMs(params, "step", DEFAULT_STEP_MS, maxMs);
  if (lookbackMs / stepMs > MAX_POINTS) {
    throw badRequest(
      message(
        "step",
        `${stepMs} ms is too small for a lookback of ${lookbackMs} ms: at most ${MAX_POINTS} points (lookback / step) are answered`,
      ),
    );
  }
  const ratePerMs = readPositiveMs(params, "ratePer", DEFAULT_RATE_PER_MS, maxMs);
  return {
    services,
    groupByOperation,
    spanKinds,
    endUs: endTsMs === undefined ? nowUs : endTsMs * 1000,
    lookbackUs: lookbackMs * 1000,
    stepUs: stepMs * 1000,
    ratePerUs: ratePerMs * 1000,
  };
}

/** `quantile` of `GET /api/metrics/latencies`: required, in (0, 1] (0.95 for p95). */
export function parseJaegerQuantile(params: URLSearchParams): number {
  const text = optionalParam(params, "quantile", message);
  if (text === undefined) {
    throw badRequest(message("quantile", "required for latencies: a number in (0, 1], such as 0.95"));
  }
  const quantile = FLOAT.test(text) ? Number(text) : Number.NaN;
  if (!(quantile > 0 && quantile <= 1)) {
    throw badRequest(
      message("quantile", `expected a number in (0, 1], such as 0.95, got ${describeValue(text)}`),
    );
  }
  return quantile;
}

/** Each name once, in the order asked; an empty `service=` names none. */
function readServices(params: URLSearchParams): string[] {
  const names = new Set<string>();
  for (const name of params.getAll("service")) {
    if (name !== "") names.add(checkText("service", name, message));
  }
  if (names.size === 0) throw badRequest(message("service", "please provide at least one service name"));
  if (names.size > MAX_SERVICES) {
    throw badRequest(message("service", `expected at most ${MAX_SERVICES} services, got ${names.size}`));
  }
  return [...names];
}

function readBoolean(params: URLSearchParams, name: string): boolean {
  const text = optionalParam(params, name, message);
  if (text === undefined) return false;
  const value = BOOLEANS[text];
  if (value === undefined) {
    throw badRequest(
      message(name, `expected a boolean (true, false, 1, 0, t, f), got ${describeValue(text)}`),
    );
  }
  return value;
}

function readSpanKinds(params: URLSearchParams): SpanKind[] {
  const kinds = new Set<SpanKind>();
  for (const text of params.getAll("spanKind")) {
    if (text === "") continue;
    const kind = Object.hasOwn(SPAN_KINDS_BY_NAME, text.toLowerCase())
      ? SPAN_KINDS_BY_NAME[text.toLowerCase()]
      : undefined;
    if (kind === undefined) {
      throw badRequest(
        message(
          "spanKind",
          `unsupported span kind ${describeValue(text)}: expected unspecified, internal, server, client, producer or consumer`,
        ),
      );
    }
    kinds.add(kind);
  }
  return kinds.size === 0 ? ["SERVER"] : [...kinds];
}

/** A duration in whole milliseconds, from 1 to `maxMs`. */
function readPositiveMs(params: URLSearchParams, name: string, defaultMs: number, maxMs: number): number {
  const ms = readInteger(params, name, message, MAX_MS) ?? Math.min(defaultMs, maxMs);
  if (ms <= 0 || ms > maxMs) {
    throw badRequest(message(name, `expected milliseconds from 1 to ${maxMs}, got ${ms}`));
  }
  return ms;
}
