import type { Span } from "../lib/model/span";
import { applySkewCorrection, correctClockSkew } from "../lib/trace/skew";
import { buildTraceTree, type TraceRow, type TraceTree } from "../lib/trace/tree";
import { makeSpan } from "./spans";

/**
 * Small traces the analysis tests share, so that each named case means the same trace in the
 * critical-path, self-time, statistics and diagnosis tables. Times are in ms after T0_US; each span
 * is named after its id unless `extra` names it, and ids are unique within a trace.
 */
export const T0_US = 1_700_000_000_000_000;

export function span(
  spanId: string,
  parentSpanId: string | undefined,
  startMs: number,
  durationMs: number,
  extra: Partial<Span> = {},
): Span {
  return makeSpan({
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    name: spanId,
    serviceName: "api",
    startUs: T0_US + startMs * 1000,
    durationUs: durationMs * 1000,
    ...extra,
  });
}

/** The tree as the trace page analyses it: built, then clock-skew corrected (lib/trace/skew). */
export function analysisTree(spans: readonly Span[]): TraceTree {
  const tree = buildTraceTree(spans);
  return applySkewCorrection(tree, correctClockSkew(tree));
}

/** A row's span name, for readable expectations. */
export function nameOf(tree: TraceTree, row: number): string {
  return (tree.rows[row] as TraceRow).span.name;
}

/** µs since the epoch back to ms after T0. */
export function msAfterT0(us: number): number {
  return (us - T0_US) / 1000;
}

/** THE acceptance case: a login that failed with 409 after 70 of its 80 ms went to bcrypt. */
export const LOGIN: Span[] = [
  span("login", undefined, 0, 80, {
    name: "POST /oauth2/token",
    serviceName: "oauth-server",
    kind: "SERVER",
    status: { code: "ERROR" },
    attributes: { "http.status_code": 409 },
  }),
  span("bcrypt", "login", 5, 70, { serviceName: "auth-service", kind: "INTERNAL" }),
  span("select", "login", 76, 2, { name: "SELECT users", serviceName: "auth-service", kind: "CLIENT" }),
];

/** The shapes every analysis must get right, by the name their test cases carry. */
export const TRACES = {
  "single span": [span("root", undefined, 0, 80)],
  "sequential children": [
    span("root", undefined, 0, 100),
    span("a", "root", 10, 30),
    span("b", "root", 40, 30),
    span("c", "root", 70, 20),
  ],
  "overlapping siblings": [
    span("root", undefined, 0, 100),
    span("a", "root", 10, 50),
    span("b", "root", 50, 40),
  ],
  "async child outlives its parent": [
    span("root", undefined, 0, 100),
    span("job", "root", 60, 90, { kind: "INTERNAL" }),
    span("late", "root", 110, 20, { kind: "INTERNAL" }),
  ],
  "producer/consumer": [
    span("root", undefined, 0, 100),
    span("publish", "root", 10, 10, { kind: "PRODUCER" }),
    span("consume", "publish", 15, 75, { kind: "CONSUMER", serviceName: "worker" }),
  ],
  "follows-from": [
    span("root", undefined, 0, 100),
    span("follower", "root", 10, 80, {
      links: [{ traceId: "0000000000000001", spanId: "root", type: "FOLLOWS_FROM" }],
    }),
  ],
  "missing parent": [
    span("root", undefined, 0, 100),
    span("a", "root", 10, 40),
    span("retry", "gone", 80, 70),
    span("b", "retry", 90, 50),
  ],
  // handle's clock is 60 ms behind: recorded at −40 ms, before the call that made it.
  "clock skew": [
    span("root", undefined, 0, 100),
    span("call", "root", 10, 80, { kind: "CLIENT" }),
    span("handle", "call", -40, 60, { serviceName: "db" }),
  ],
  "zero-duration spans": [
    span("root", undefined, 0, 100),
    span("mark", "root", 50, 0),
    span("a", "root", 60, 20),
  ],
  "zero-duration trace": [span("root", undefined, 0, 0), span("a", "root", 0, 0)],
  login: LOGIN,
} satisfies Record<string, Span[]>;

export type TraceName = keyof typeof TRACES;
