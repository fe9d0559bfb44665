import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { expectedCanonical, LINKED, recordCheckoutTrace } from "../../../test/otel-checkout";
import { decodeOtlpJson } from "./json";
import { microsFromNanoDigits, microsFromNanoHalves } from "./mapping";
import { decodeOtlpProto } from "./proto";

/**
 * The OTel JS SDK's own OTLP serializers, JSON and protobuf, as its exporters use them: every field
 * the SDK records must come out of both decoders identically and as the SDK recorded it.
 */

const recorded = await recordCheckoutTrace();
const fromJson = decodeOtlpJson(
  JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(recorded) ?? []).toString()),
);
const fromProto = decodeOtlpProto(Buffer.from(ProtobufTraceSerializer.serializeRequest(recorded) ?? []));
const byName = (name: string) => fromJson.spans.find((span) => span.name === name);

describe("OTLP from the OpenTelemetry JS SDK's serializers", () => {
  it("decodes both encodings to the same spans", () => {
    expect(fromJson.spans).toHaveLength(5);
    expect(fromProto.spans).toStrictEqual(fromJson.spans);
  });

  it.each(["POST /checkout", "charge card", "publish order", "consume order", "render receipt"])(
    "keeps %s as the SDK recorded it",
    (name) => {
      const span = recorded.find((candidate) => candidate.name === name) as ReadableSpan;
      expect(byName(name)).toEqual(expectedCanonical(span));
    },
  );

  it("keeps every attribute type, and an int past 2^53 as its decimal string", () => {
    expect(byName("POST /checkout")?.attributes).toStrictEqual({
      "http.response.status_code": 502,
      "cart.total": 129.95,
      "cart.express": false,
      "cart.items": ["sku-1", "sku-2"],
      "cart.quantities": [1, 3],
      "cart.flags": [true, false],
      // An integral JS number goes out as intValue; past 2^53 the model keeps 64-bit ints as strings.
      "cart.big": "1152921504606846976",
    });
  });

  it("keeps the link, its tracestate, the remote service and the error message", () => {
    expect(byName("charge card")).toMatchObject({
      remoteServiceName: "payments",
      status: { code: "ERROR", message: "card declined" },
      events: [
        { timeUs: 1_700_000_000_200_001, name: "retrying", attributes: { attempt: 2, "backoff.ms": 12.5 } },
      ],
      links: [
        {
          traceId: LINKED.traceId,
          spanId: LINKED.spanId,
          type: "LINK",
          attributes: { "link.reason": "retry of", "w3c.tracestate": "vendor=linked" },
        },
      ],
    });
  });
});

describe("nanoseconds to microseconds", () => {
  const TWO_TO_THE_32 = 2 ** 32;
  it.each([
    ["0", 0],
    ["499", 0],
    ["500", 1],
    ["1544712660000000000", 1544712660000000],
    ["1760738064624462499", 1760738064624462],
    ["1760738064624462500", 1760738064624463],
    ["0001000", 1],
    ["9007199254740991499", Number.MAX_SAFE_INTEGER],
  ])("%s ns is %i µs from digits and from 32-bit halves alike", (digits, expectedUs) => {
    const nanos = BigInt(digits);
    const halves = microsFromNanoHalves(
      Number(nanos / BigInt(TWO_TO_THE_32)),
      Number(nanos % BigInt(TWO_TO_THE_32)),
      "t",
    );
    expect([microsFromNanoDigits(digits, "t"), halves]).toStrictEqual([expectedUs, expectedUs]);
  });

  it.each(["9007199254740991500", "99999999999999999999"])("refuses %s ns, past 2^53 µs", (digits) => {
    expect(() => microsFromNanoDigits(digits, "t")).toThrow(/^t: expected unix nanoseconds below 2\^53 µs/);
  });
});
