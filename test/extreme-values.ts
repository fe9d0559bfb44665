import fc from "fast-check";
import { expect } from "vitest";
import { MAX_DURATION_US, MAX_TIME_US, SPAN_KINDS, type Span, UNKNOWN_SERVICE } from "../lib/model/span";
import { LAST_BUCKET, type LatencyCounts } from "../lib/services/histogram";

/**
 * What the extreme-value property tests (lib/**\/extreme-values.property.test.ts) feed the read side:
 * numbers a stored value can become, and traces made of them. The read side bounds rows as it reads
 * them (lib/db/span-rows.ts), yet every module must still terminate and answer sanely on its own.
 */

/** 2^63 − 1 as Number() reads it from a bigint column: 2^63, past every exact integer. */
export const INT64_READ = Number(9_223_372_036_854_775_807n);

/** The edges worth hitting on purpose, then anything an int64 column can hold, read as a number. */
export const extremeUs: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    1,
    -1,
    MAX_TIME_US,
    MAX_TIME_US + 1,
    MAX_DURATION_US,
    Number.MAX_SAFE_INTEGER,
    INT64_READ,
    -INT64_READ,
  ),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(Number),
  fc.integer({ min: 1_700_000_000_000_000, max: 1_800_000_000_000_000 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
);

/** Sizes and fractions a browser may compute (a hidden element is 0 wide; 0/0 is NaN). */
export const extremeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, INT64_READ, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.double(),
  fc.integer({ min: -5000, max: 5000 }),
);

/** Pixel sizes as a browser measures them: 0 while hidden, negative after margins, NaN from 0/0. */
export const extremePx: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, Number.NaN, 1, 100_000),
  fc.double({ min: -10_000, max: 100_000, noNaN: true }),
);

const SERVICES = ["api", "db", "web", "", UNKNOWN_SERVICE];

/**
 * Up to 12 spans of one trace with extreme times and durations and every shape of tree: missing
 * parents, a parent loop, shared Zipkin halves, async children, errors, events at extreme times.
 */
export const extremeTrace: fc.Arbitrary<Span[]> = fc
  .array(
    fc.record({
      parent: fc.integer({ min: -1, max: 12 }),
      shared: fc.boolean(),
      kind: fc.constantFrom(...SPAN_KINDS),
      service: fc.constantFrom(...SERVICES),
      remote: fc.option(fc.constantFrom(...SERVICES), { nil: undefined }),
      name: fc.constantFrom("GET /", "query", ""),
      startUs: extremeUs,
      durationUs: extremeUs,
      error: fc.boolean(),
      http: fc.option(fc.constantFrom(200, 503), { nil: undefined }),
      peer: fc.option(fc.constantFrom("db.system", "messaging.system", "peer.service"), { nil: undefined }),
      eventUs: fc.option(extremeUs, { nil: undefined }),
      followsParent: fc.boolean(),
    }),
    { maxLength: 12 },
  )
  .map((drafts) =>
    drafts.map((draft, i): Span => {
      const spanId = (draft.shared && i > 0 ? i - 1 : i).toString(16).padStart(16, "0");
      const parentSpanId = draft.parent < 0 ? undefined : draft.parent.toString(16).padStart(16, "0");
      const attributes: Span["attributes"] = {};
      if (draft.http !== undefined) attributes["http.status_code"] = draft.http;
      if (draft.peer !== undefined) attributes[draft.peer] = "postgresql";
      const span: Span = {
        traceId: "0000000000000001",
        spanId,
        name: draft.name,
        kind: draft.kind,
        serviceName: draft.service,
        startUs: draft.startUs,
        durationUs: draft.durationUs,
        status: draft.error ? { code: "ERROR", message: "boom" } : { code: "UNSET" },
        attributes,
        resource: { "service.name": draft.service },
        events: draft.eventUs === undefined ? [] : [{ timeUs: draft.eventUs, name: "log" }],
        links:
          draft.followsParent && parentSpanId !== undefined
            ? [{ traceId: "0000000000000001", spanId: parentSpanId, type: "FOLLOWS_FROM" }]
            : [],
      };
      if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
      if (draft.remote !== undefined) span.remoteServiceName = draft.remote;
      if (draft.shared && i > 0) span.shared = true;
      return span;
    }),
  );

/** A stored latency bucket: a smallint, whatever an older version or a hand-written row put there. */
export const storedBucket = fc.oneof(
  fc.integer({ min: -32768, max: 32767 }),
  fc.constantFrom(0, LAST_BUCKET, 424),
);
export const storedCount = fc.oneof(fc.integer({ min: -5, max: 2 ** 31 - 1 }), fc.constant(0));
/** An operation's stored latency counts (lib/services/histogram.ts), in bucket order. */
export const storedCounts: fc.Arbitrary<LatencyCounts> = fc
  .array(fc.tuple(storedBucket, storedCount))
  .map((pairs) => pairs.sort((a, b) => a[0] - b[0]));

/**
 * Fails on any NaN or infinite number, or any "NaN"/"Infinity"/"undefined" in a string, anywhere in
 * `value`. Calls `expect` only on a failure: answers hold thousands of numbers.
 */
export function expectSane(value: unknown, path = "value"): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) expect.fail(`${path} is ${value}`);
  } else if (typeof value === "string") {
    if (/NaN|Infinity|undefined/.test(value))
      expect.fail(`${path} is ${JSON.stringify(value.slice(0, 200))}`);
  } else if (ArrayBuffer.isView(value)) {
    expectSane(Array.from(value as unknown as ArrayLike<number>), path);
  } else if (value instanceof Map) {
    for (const [key, item] of value) expectSane(item, `${path}.get(${String(key)})`);
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) expectSane(item, `${path}[${i}]`);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) expectSane(item, `${path}.${key}`);
  }
}

/** Whether numbers are in ascending order (equal neighbours allowed). */
export function isAscending(numbers: readonly number[]): boolean {
  return numbers.every((n, i) => i === 0 || (numbers[i - 1] as number) <= n);
}
