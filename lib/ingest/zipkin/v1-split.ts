import type { V1Annotation, V1Endpoint, V1Span } from "./v1-model";

/** The v2 JSON shape `decodeZipkinV2` reads, plus the conversion's warnings, which it ignores. */
export interface V2Span {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: "CLIENT" | "SERVER" | "PRODUCER" | "CONSUMER";
  timestamp?: number;
  duration?: number;
  localEndpoint?: V1Endpoint;
  remoteEndpoint?: V1Endpoint;
  annotations: { timestamp: number; value: string }[];
  tags: Record<string, string>;
  debug?: boolean;
  shared?: boolean;
  warnings?: string[];
}

/** One v1 span being split: its v2 spans and the core annotations found so far. */
export interface Conversion {
  source: V1Span;
  /** `spans[0]` takes whatever has no endpoint; the others each belong to one service. */
  spans: V2Span[];
  cs?: V1Annotation;
  sr?: V1Annotation;
  ss?: V1Annotation;
  cr?: V1Annotation;
  ms?: V1Annotation;
  mr?: V1Annotation;
  ws?: V1Annotation;
  wr?: V1Annotation;
}

/** A v2 span with the ids, name and flags every span split from `source` shares. */
export function newSpan(source: V1Span, localEndpoint?: V1Endpoint): V2Span {
  const span: V2Span = {
    traceId: source.traceId,
    id: source.id,
    name: source.name,
    annotations: [],
    tags: {},
  };
  if (source.parentId !== undefined) span.parentId = source.parentId;
  if (source.debug) span.debug = true;
  if (localEndpoint !== undefined) span.localEndpoint = localEndpoint;
  if (source.warnings !== undefined) span.warnings = [...source.warnings];
  return span;
}

/** The v2 span of the host `endpoint` names; the first span adopts the first endpoint seen. */
export function forEndpoint(conversion: Conversion, endpoint: V1Endpoint | undefined): V2Span {
  const { spans } = conversion;
  const first = spans[0] as V2Span;
  if (endpoint === undefined) return first;
  for (const span of spans) {
    if (span.localEndpoint === undefined) {
      span.localEndpoint = endpoint;
      return span;
    }
    if (span.localEndpoint.serviceName === endpoint.serviceName) return span;
  }
  const span = newSpan(conversion.source, endpoint);
  spans.push(span);
  return span;
}

/** A second span for the same host: the other side of a loopback call. */
export function forkSpan(conversion: Conversion, endpoint: V1Endpoint | undefined): V2Span {
  const span = newSpan(conversion.source, endpoint);
  conversion.spans.push(span);
  return span;
}
