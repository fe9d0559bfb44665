import fc from "fast-check";
import { expect } from "vitest";
import { RequestError } from "../lib/errors";
import { normaliseSpans } from "../lib/ingest/door/normalise";
import { MAX_DURATION_US, MAX_TIME_US, SPAN_KINDS, type Span } from "../lib/model/span";

/** The model's invariants (lib/model/span.ts) that every span the door lets through must meet. */
export function isWellFormed(span: Span): boolean {
  return (
    /^([0-9a-f]{16}|[0-9a-f]{32})$/.test(span.traceId) &&
    /^[0-9a-f]{16}$/.test(span.spanId) &&
    (span.parentSpanId === undefined || /^[0-9a-f]{16}$/.test(span.parentSpanId)) &&
    span.parentSpanId !== span.spanId &&
    SPAN_KINDS.includes(span.kind) &&
    Number.isSafeInteger(span.startUs) &&
    span.startUs >= 0 &&
    span.startUs <= MAX_TIME_US &&
    Number.isSafeInteger(span.durationUs) &&
    span.durationUs >= 0 &&
    span.durationUs <= MAX_DURATION_US &&
    span.resource["service.name"] === span.serviceName
  );
}

/**
 * What every decoder, with the door after it (lib/ingest/door/normalise.ts, as the collector runs them),
 * promises whatever arrives: well-formed canonical spans, or a refusal with a 400 RequestError. Any
 * other exception would be a 500, which is what the property tests built on this look for.
 */
export function expectDecodesOrRefuses(decode: () => { spans: Span[] }): void {
  try {
    const spans = normaliseSpans(decode().spans);
    expect(spans.filter((span) => !isWellFormed(span))).toStrictEqual([]);
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    expect(error.status).toBe(400);
  }
}

/** One corruption of a binary body: a bit flipped, the body cut short, or bytes inserted. */
const byteMutation = fc.oneof(
  fc.record({ at: fc.nat(), flip: fc.nat(7) }),
  fc.record({ at: fc.nat(), cut: fc.constant(true) }),
  fc.record({ at: fc.nat(), insert: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);
type ByteMutation = { at: number; flip?: number; cut?: boolean; insert?: Uint8Array };

/** A copy of `body` with `mutations` applied in order; `at` wraps around the body's length. */
function mutateBytes(body: Buffer, mutations: ByteMutation[]): Buffer {
  let out = Buffer.from(body);
  for (const { at, flip, cut, insert } of mutations) {
    const index = out.length === 0 ? 0 : at % out.length;
    if (flip !== undefined && out.length > 0) out[index] = (out[index] as number) ^ (1 << flip);
    else if (cut) out = out.subarray(0, index);
    else if (insert) out = Buffer.concat([out.subarray(0, index), insert, out.subarray(index)]);
  }
  return out;
}

/** A real body with one to four corruptions: what property tests feed the binary decoders. */
export const mutatedBodies = (seed: Buffer): fc.Arbitrary<Buffer> =>
  fc.array(byteMutation, { minLength: 1, maxLength: 4 }).map((mutations) => mutateBytes(seed, mutations));
