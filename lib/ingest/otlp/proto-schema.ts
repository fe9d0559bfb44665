import protobuf from "protobufjs";

/**
 * The messages of opentelemetry-proto (collector/trace/v1/trace_service.proto, trace/v1/trace.proto,
 * common/v1/common.proto, resource/v1/resource.proto) this decoder reads, with their field numbers.
 * Enums are read as int32 (the same varint on the wire) so that an unknown value can be named.
 * Field 1000 is the deprecated `instrumentation_library_spans` of pre-1.0 exporters: its
 * InstrumentationLibrarySpans {instrumentation_library = 1 {name = 1, version = 2}, spans = 2} has
 * the same wire form as ScopeSpans.
 */
const OTLP_PROTO = `
syntax = "proto3";
package tracelight.otlp;
message AnyValue {
  optional string string_value = 1; optional bool bool_value = 2; optional int64 int_value = 3;
  optional double double_value = 4; optional ArrayValue array_value = 5;
  optional KeyValueList kvlist_value = 6; optional bytes bytes_value = 7;
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4;
}
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message Status { string message = 2; int32 code = 3; }
message Event {
  fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4;
}
message Link {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4;
  uint32 dropped_attributes_count = 5;
}
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5;
  int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10; repeated Event events = 11;
  uint32 dropped_events_count = 12; repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message ResourceSpans {
  Resource resource = 1; repeated ScopeSpans scope_spans = 2; repeated ScopeSpans instrumentation_library_spans = 1000;
}
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
`;

/** 64-bit integers as protobufjs gives them: Long objects when `long` is installed, else numbers. */
export type Int64 = number | protobuf.Long;

export const ANY_VALUE_FIELDS = [
  "stringValue",
  "boolValue",
  "intValue",
  "doubleValue",
  "arrayValue",
  "kvlistValue",
  "bytesValue",
] as const;

export interface ProtoAnyValue {
  stringValue: string;
  boolValue: boolean;
  intValue: Int64;
  doubleValue: number;
  arrayValue: { values: ProtoAnyValue[] };
  kvlistValue: { values: ProtoKeyValue[] };
  bytesValue: Uint8Array;
}
export interface ProtoKeyValue {
  key: string;
  value: ProtoAnyValue | null;
}
export interface ProtoAttributed {
  attributes: ProtoKeyValue[];
  droppedAttributesCount: number;
}
export interface ProtoEvent extends ProtoAttributed {
  timeUnixNano: Int64;
  name: string;
}
export interface ProtoLink extends ProtoAttributed {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
}
export interface ProtoSpan extends ProtoAttributed {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  parentSpanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: Int64;
  endTimeUnixNano: Int64;
  events: ProtoEvent[];
  droppedEventsCount: number;
  links: ProtoLink[];
  droppedLinksCount: number;
  status: { code: number; message: string } | null;
}
export interface ProtoScopeSpans {
  scope: (ProtoAttributed & { name: string; version: string }) | null;
  spans: ProtoSpan[];
}
export interface ProtoResourceSpans {
  resource: ProtoAttributed | null;
  scopeSpans: ProtoScopeSpans[];
  instrumentationLibrarySpans: ProtoScopeSpans[];
}

let requestType: protobuf.Type | undefined;

/** ExportTraceServiceRequest, parsed from the schema above on first use. */
export function otlpRequestType(): protobuf.Type {
  requestType ??= protobuf.parse(OTLP_PROTO).root.lookupType("tracelight.otlp.ExportTraceServiceRequest");
  return requestType;
}
