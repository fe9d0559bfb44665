import protobuf from "protobufjs";

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
message Duration { int64 seconds = 1; int32 nanos = 2; }
message RetryInfo { Duration retry_delay = 1; }
`;

const RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";

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

let types: { response: protobuf.Type; status: protobuf.Type; retryInfo: protobuf.Type } | undefined;

function messageTypes() {
  if (types === undefined) {
    const root = protobuf.parse(RESPONSE_PROTO).root;
    types = {
      response: root.lookupType("tracelight.otlp.ExportTraceServiceResponse"),
      status: root.lookupType("tracelight.otlp.Status"),
      retryInfo: root.lookupType("tracelight.otlp.RetryInfo"),
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
 * The google.rpc.Status body of a 4xx or 5xx. `code` is a google.rpc.Code (lib/collector/outcome.ts);
 * `details` holds a google.rpc.RetryInfo when the sender should retry after `retryAfterS` seconds.
 */
export function encodeOtlpStatus(
  encoding: OtlpEncoding,
  code: number,
  message: string,
  retryAfterS?: number,
): OtlpBody {
  const contentType = CONTENT_TYPES[encoding];
  if (encoding === "json") {
    const details =
      retryAfterS === undefined ? [] : [{ "@type": RETRY_INFO_TYPE, retryDelay: `${retryAfterS}s` }];
    return { contentType, body: JSON.stringify({ code, message, details }) };
  }
  return { contentType, body: encodeRetryStatus(code, message, retryAfterS) };
}

/**
 * A google.rpc.Status in protobuf, with a RetryInfo detail when `retryAfterS` is given: OTLP/HTTP's
 * error body, and gRPC's `grpc-status-details-bin`, where OTLP exporters look for the retry delay
 * that makes RESOURCE_EXHAUSTED retryable.
 */
export function encodeRetryStatus(code: number, message: string, retryAfterS?: number): Buffer {
  const { status, retryInfo } = messageTypes();
  const details =
    retryAfterS === undefined
      ? []
      : [
          {
            typeUrl: RETRY_INFO_TYPE,
            value: retryInfo.encode(retryInfo.fromObject({ retryDelay: { seconds: retryAfterS } })).finish(),
          },
        ];
  return Buffer.from(status.encode(status.fromObject({ code, message, details })).finish());
}
