import { expect } from "vitest";
import { RequestError } from "../lib/errors";
import type { Span } from "../lib/model/span";

/**
 * What every decoder promises whatever arrives: it returns well-formed canonical spans or refuses
 * with a 400 RequestError. Any other exception would be a 500, which is what the property tests
 * built on this look for.
 */
export function expectDecodesOrRefuses(decode: () => { spans: Span[] }): void {
  try {
    const { spans } = decode();
    for (const span of spans) {
      expect(span.traceId).toMatch(/^([0-9a-f]{16}|[0-9a-f]{32})$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(Number.isSafeInteger(span.startUs) && Number.isSafeInteger(span.durationUs)).toBe(true);
      expect(span.startUs).toBeGreaterThanOrEqual(0);
      expect(span.durationUs).toBeGreaterThanOrEqual(0);
      expect(span.parentSpanId).not.toBe(span.spanId);
      expect(typeof span.serviceName).toBe("string");
    }
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    expect(error.status).toBe(400);
  }
}
