import { beforeAll, describe, expect, it } from "vitest";
import { readFixture } from "../../test/fixtures";
import type { Span } from "../model/span";
import { decodeJaegerJson } from "./jaeger/json";
import { decodeOtlpJson } from "./otlp/json";

/**
 * Jaeger UI's conversion fixtures: the same spans as OTLP JSON and as Jaeger JSON, the latter written
 * by Jaeger's OTLP-to-Jaeger translator. Both decoders must make the same canonical spans of them.
 * Durations may differ by 1 µs: Jaeger truncates the nanosecond difference, Tracelight rounds the
 * start and the end (so a span's end stays where its sender put it).
 */
const PAIRS = [
  ["jaeger-ui/otlp2jaeger-in.json", "jaeger-ui/otlp2jaeger-out.json"],
  ["jaeger-ui/otlp2jaeger-multi-in-combined.json", "jaeger-ui/oltp2jaeger-multi-out.json"],
] as const;

const comparable = (spans: Span[]) =>
  spans
    .map(({ durationUs, resource, ...span }) => ({
      ...span,
      resource: Object.fromEntries(Object.entries(resource).sort(([a], [b]) => a.localeCompare(b))),
      durationMs: Math.floor(durationUs / 1000),
    }))
    .sort((a, b) => a.spanId.localeCompare(b.spanId));

describe.each(PAIRS)("%s and %s", { tags: ["corpus"] }, (otlpPath, jaegerPath) => {
  let otlp: Span[];
  let jaeger: Span[];
  beforeAll(() => {
    otlp = decodeOtlpJson(readFixture(otlpPath)).spans;
    jaeger = decodeJaegerJson(readFixture(jaegerPath)).spans;
  });

  it("decode to the same spans", () => {
    expect(comparable(jaeger)).toEqual(comparable(otlp));
  });

  it("agree on every duration to the microsecond", () => {
    const byId = new Map(otlp.map((span) => [`${span.spanId}/${span.startUs}`, span.durationUs]));
    for (const span of jaeger) {
      expect(
        Math.abs(span.durationUs - (byId.get(`${span.spanId}/${span.startUs}`) ?? Number.NaN)),
      ).toBeLessThanOrEqual(1);
    }
  });
});
