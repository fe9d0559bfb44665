import { describe, expect, it } from "vitest";
import { MAX_DURATION_US, MAX_TIME_US } from "../model/span";
import { fromRow, type SpanRowValues } from "./span-rows";

const row = (fields: Partial<SpanRowValues> = {}): SpanRowValues => ({
  traceId: "0000000000000001",
  spanId: "00000000000000aa",
  shared: false,
  parentSpanId: null,
  name: "op",
  kind: "SERVER",
  serviceName: "api",
  remoteServiceName: null,
  startUs: "1795341600000000",
  durationUs: "1500",
  statusCode: "UNSET",
  statusMessage: null,
  httpStatus: null,
  attributes: {},
  resource: null,
  events: null,
  links: null,
  scope: null,
  debug: false,
  warnings: null,
  ...fields,
});

describe("fromRow", () => {
  it("reads a row within bounds as it was stored, without warnings", () => {
    const span = fromRow(row({ events: [{ timeUs: 1_795_341_600_000_100, name: "log" }] }));
    expect(span).toMatchObject({ startUs: 1_795_341_600_000_000, durationUs: 1500 });
    expect(span.warnings).toBeUndefined();
  });

  it.each([
    [
      "a bigint's largest start",
      { startUs: "9223372036854775807" },
      { startUs: MAX_TIME_US, durationUs: 1500 },
      "stored start time 9223372036854775807 µs out of bounds; read as 4503599627370495",
    ],
    [
      "a negative start",
      { startUs: "-5" },
      { startUs: 0, durationUs: 1500 },
      "stored start time -5 µs out of bounds; read as 0",
    ],
    [
      "the probe's 2^53 − 1 duration",
      { durationUs: 9_007_199_254_740_991n },
      { durationUs: MAX_DURATION_US },
      "stored duration 9007199254740991 µs out of bounds; read as 31536000000000",
    ],
    [
      "a negative duration",
      { durationUs: "-1" },
      { durationUs: 0 },
      "stored duration -1 µs out of bounds; read as 0",
    ],
  ])("reads %s of an older row within bounds, with a warning", (_name, fields, times, warning) => {
    const span = fromRow(row({ ...fields, warnings: ["from ingest"] }));
    expect(span).toMatchObject(times);
    expect(span.warnings).toEqual(["from ingest", warning]);
  });

  it("reads event times within bounds, whatever the JSON held", () => {
    const span = fromRow(
      row({
        events: [
          { timeUs: 1e300, name: "a" },
          { timeUs: -3, name: "b" },
        ],
      }),
    );
    expect(span.events.map((event) => event.timeUs)).toEqual([MAX_TIME_US, 0]);
    expect(span.warnings).toEqual(["2 stored event times out of bounds; read within them"]);
  });
});
