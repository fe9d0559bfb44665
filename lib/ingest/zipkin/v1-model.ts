/**
 * The Zipkin v1 model both v1 encodings (JSON and Thrift) are read into, already checked by their
 * readers so that every refusal names the v1 field. Ids are normalised, times are non-negative safe
 * integer microseconds, and the 0 that v1 writes for an unknown time or port reads as absent.
 */
export interface V1Endpoint {
  /** Absent when empty: v1 allows "" for a service not yet known. */
  serviceName?: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

export interface V1Annotation {
  timestampUs: number;
  value: string;
  endpoint?: V1Endpoint;
}

/** `value` is a boolean only for a BOOL annotation, the type address annotations (ca, sa, ma) have. */
export interface V1BinaryAnnotation {
  key: string;
  value: string | boolean;
  endpoint?: V1Endpoint;
}

export interface V1Span {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  timestampUs?: number;
  durationUs?: number;
  debug: boolean;
  annotations: V1Annotation[];
  binaryAnnotations: V1BinaryAnnotation[];
  /** What the reader repaired; carried onto every canonical span made from this one. */
  warnings?: string[];
}
