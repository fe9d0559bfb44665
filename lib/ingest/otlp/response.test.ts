import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { encodeOtlpResponse, encodeOtlpStatus } from "./response";

/** google.rpc.Status as a client reads it (google/rpc/status.proto). */
const STATUS = protobuf
  .parse(`syntax = "proto3";
message Any { string type_url = 1; bytes value = 2; }
message Status { int32 code = 1; string message = 2; repeated Any details = 3; }`)
  .root.lookupType("Status");

const bytes = (body: Buffer | string) => new Uint8Array(Buffer.from(body));
const warning = { rejectedSpans: 0, errorMessage: "stored all spans; repaired 1" };

describe("encodeOtlpResponse, read back by the OTel JS exporters' own deserializers", () => {
  it.each([
    ["JSON, full success", "json", undefined, "application/json", {}],
    ["protobuf, full success", "protobuf", undefined, "application/x-protobuf", {}],
    [
      "JSON, a warning with no span rejected",
      "json",
      warning,
      "application/json",
      { partialSuccess: { rejectedSpans: "0", errorMessage: warning.errorMessage } },
    ],
    [
      "protobuf, 3 spans rejected",
      "protobuf",
      { rejectedSpans: 3, errorMessage: "3 spans too old" },
      "application/x-protobuf",
      { partialSuccess: { rejectedSpans: 3, errorMessage: "3 spans too old" } },
    ],
  ] as const)("%s", (_name, encoding, partialSuccess, contentType, expected) => {
    const { contentType: type, body } = encodeOtlpResponse(encoding, partialSuccess);
    expect(type).toBe(contentType);
    const serializer = encoding === "json" ? JsonTraceSerializer : ProtobufTraceSerializer;
    expect(serializer.deserializeResponse(bytes(body))).toMatchObject(expected);
  });

  it("writes the bare {} the spec asks for when everything was accepted", () => {
    expect(encodeOtlpResponse("json").body).toBe("{}");
    expect(encodeOtlpResponse("protobuf").body).toStrictEqual(Buffer.alloc(0));
  });
});

describe("encodeOtlpStatus", () => {
  const message = 'resourceSpans[0].scopeSpans[0].spans[0].traceId: "zzz" is not hex';
  it("writes a google.rpc.Status in JSON with empty details", () => {
    expect(encodeOtlpStatus("json", 3, message)).toStrictEqual({
      contentType: "application/json",
      body: JSON.stringify({ code: 3, message, details: [] }),
    });
  });

  it("writes a google.rpc.Status in protobuf that a client decodes", () => {
    const { contentType, body } = encodeOtlpStatus("protobuf", 3, message);
    expect(contentType).toBe("application/x-protobuf");
    expect(STATUS.toObject(STATUS.decode(bytes(body)), { defaults: true })).toStrictEqual({
      code: 3,
      message,
      details: [],
    });
  });
});
