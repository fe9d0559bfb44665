import protobuf from "protobufjs";
import type { Span } from "../model/span";

/**
 * The bodies OTLP/HTTP answers with (opentelemetry-proto collector/trace/v1/trace_service.proto and
 * google/rpc/status.proto). The spec's rules, "OTLP/HTTP Response":
 * - the response uses the Content-Type of the request: application/x-protobuf or application/json;
 * - success is HTTP 200 with an ExportTraceServiceResponse, `partial_success` left unset;
 * - a partial success is also 200, with `partial_success.rejected_spans` set to the spans rejected and
 *   `error_message` saying why; with rejected_spans 0 and a non-empty message it carries warnings about
 *   a request accepted whole. Clients must not retry either;
 * - every 4xx and 5xx body is a google.rpc.Status. Its `code` is not used by the spec (clients may log
 *   it); its `message` is for developers. A 400 ("Bad Data") must not be retried; 429, 502, 503 and
 *   504 may be.
 */
const RESPONSE_PROTO = `
syntax = "proto3";
package tracelight.otlp;
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message Any { string type_url = 1; bytes value = 2; }
message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
`;

export type OtlpEncoding = "json" | "protobuf";

export interface OtlpBody {
  contentType: string;
  body: Buffer | string;
}

const CONTENT_TYPES: Record<OtlpEncoding, string> = {
  json: "application/json",
  protobuf: "application/x-protobuf",
};

export interface OtlpPartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/**
 * What the decoders repaired (the spans' `warnings`) as OTLP's partial-success warning, or nothing.
 * No span is ever rejected: Tracelight stores a request whole or not at all. Shared by OTLP/HTTP
 * and OTLP/gRPC so both transports word it the same.
 */
export function partialSuccessOf(spans: Span[]): OtlpPartialSuccess | undefined {
  const repaired = spans.filter((span) => span.warnings !== undefined);
  const first = repaired[0];
  if (!first) return undefined;
  const example = `span ${first.spanId}: ${first.warnings?.join("; ")}`;
  return { rejectedSpans: 0, errorMessage: `stored all spans; repaired ${repaired.length} (${example})` };
}

let types: { response: protobuf.Type; status: protobuf.Type } | undefined;

function messageTypes() {
  if (types === undefined) {
    const root = protobuf.parse(RESPONSE_PROTO).root;
    types = {
      response: root.lookupType("tracelight.otlp.ExportTraceServiceResponse"),
      status: root.lookupType("tracelight.otlp.Status"),
    };
  }
  return types;
}

/**
 * The ExportTraceServiceResponse of a 200: `{}` when everything was accepted without remark, else with
 * `partialSuccess`. In JSON, rejectedSpans is written as protobuf's JSON mapping writes an int64: a
 * decimal string (readers accept strings and numbers).
 */
export function encodeOtlpResponse(encoding: OtlpEncoding, partialSuccess?: OtlpPartialSuccess): OtlpBody {
  const contentType = CONTENT_TYPES[encoding];
  if (encoding === "json") {
    if (partialSuccess === undefined) return { contentType, body: "{}" };
    const { rejectedSpans, errorMessage } = partialSuccess;
    return {
      contentType,
      body: JSON.stringify({ partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } }),
    };
  }
  const { response } = messageTypes();
  const message = partialSuccess === undefined ? {} : { partialSuccess };
  return { contentType, body: Buffer.from(response.encode(response.fromObject(message)).finish()) };
}

/**
 * The google.rpc.Status body of a 4xx or 5xx. `code` is a google.rpc.Code (3 INVALID_ARGUMENT for bad
 * data, 8 RESOURCE_EXHAUSTED, 13 INTERNAL); `details` stays empty.
 */
export function encodeOtlpStatus(encoding: OtlpEncoding, code: number, message: string): OtlpBody {
  const contentType = CONTENT_TYPES[encoding];
  if (encoding === "json") return { contentType, body: JSON.stringify({ code, message, details: [] }) };
  const { status } = messageTypes();
  return { contentType, body: Buffer.from(status.encode(status.fromObject({ code, message })).finish()) };
}
