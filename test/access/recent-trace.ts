import { readTestData } from "../test-data";

interface ZipkinSpan {
  traceId: string;
  id: string;
  timestamp?: number;
  annotations?: { timestamp: number; value: string }[];
}

/**
 * test/data's Zipkin v2 trace moved to a minute ago, annotations and all: it was recorded in 2024,
 * and a server's first retention run, racing a test that stores it at start, would delete it.
 */
export function recentZipkinTrace(): ZipkinSpan[] {
  const spans = readTestData("zipkin-v2-checkout.json") as ZipkinSpan[];
  const startUs = Math.min(...spans.map((span) => span.timestamp ?? Number.POSITIVE_INFINITY));
  const shiftUs = Date.now() * 1000 - 60_000_000 - startUs;
  return spans.map((span) => ({
    ...span,
    ...(span.timestamp === undefined ? {} : { timestamp: span.timestamp + shiftUs }),
    ...(span.annotations
      ? { annotations: span.annotations.map((a) => ({ ...a, timestamp: a.timestamp + shiftUs })) }
      : {}),
  }));
}
