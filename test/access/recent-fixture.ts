import { readZipkinV2Fixture } from "../fixtures";

interface ZipkinSpan {
  traceId: string;
  id: string;
  timestamp?: number;
  annotations?: { timestamp: number; value: string }[];
}

/**
 * A Zipkin v2 fixture moved to a minute ago, annotations and all: the corpus' traces are years old,
 * and a server's first retention run, racing a test that stores one at start, would delete it.
 */
export function recentZipkinFixture(relativePath: string): ZipkinSpan[] {
  const spans = readZipkinV2Fixture(relativePath) as ZipkinSpan[];
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
