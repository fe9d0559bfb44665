import { readBinaryAnnotations } from "./v1-binary-annotations";
import type { V1Annotation, V1Span } from "./v1-model";
import { type Conversion, forEndpoint, forkSpan, newSpan, type V2Span } from "./v1-split";

/**
 * Zipkin v1 → v2 by the rules of Zipkin's own V1SpanConverter. A v1 span is one span id as seen by
 * every host that logged it; a v2 span is one host's view. So a v1 span holding a client's and a
 * server's annotations becomes two v2 spans, the server's `shared`, each with its own endpoint.
 *
 * - The core annotations give the kind: cs/cr CLIENT, sr/ss SERVER, ms PRODUCER, mr CONSUMER; they
 *   count only with an endpoint, and are not kept as events (the kind and the times say it all).
 * - Timestamp and duration: the span's own when it has both, else from its begin and end annotations.
 *   In a shared span the client owns them and the server's are read from sr and ss.
 * - v1 had no `shared` flag: a server half without a timestamp of its own is the shared half, as the
 *   client owned the timestamp.
 * - Binary annotations become tags, except the address annotations (BOOL ca, sa, ma), which give the
 *   remote endpoint, and an empty `lc` (a marker). An annotation from a host not seen yet starts a
 *   new v2 span for that host.
 */

type Core = "cs" | "sr" | "ss" | "cr" | "ms" | "mr" | "ws" | "wr";
const CORE_KINDS: Record<Core, V2Span["kind"]> = {
  cs: "CLIENT",
  cr: "CLIENT",
  sr: "SERVER",
  ss: "SERVER",
  ms: "PRODUCER",
  mr: "CONSUMER",
  ws: undefined,
  wr: undefined,
};

/** Appends the v2 spans `source` splits into to `out`. */
export function toZipkinV2(source: V1Span, out: V2Span[]): void {
  const conversion: Conversion = { source, spans: [newSpan(source)] };
  readAnnotations(conversion);
  readBinaryAnnotations(conversion);
  for (const span of conversion.spans) out.push(span);
}

function readAnnotations(conversion: Conversion): void {
  const { source } = conversion;
  for (const annotation of source.annotations) {
    const span = forEndpoint(conversion, annotation.endpoint);
    const { value } = annotation;
    if (annotation.endpoint !== undefined && value.length === 2 && Object.hasOwn(CORE_KINDS, value)) {
      const kind = CORE_KINDS[value as Core];
      if (kind !== undefined) span.kind = kind;
      conversion[value as Core] = annotation;
    } else {
      span.annotations.push({ timestamp: annotation.timestampUs, value });
    }
  }
  // A tracer bridging from an event model may drop the start annotation but keep the span's times.
  if (conversion.cs === undefined && endsSpan(conversion.cr, source)) {
    conversion.cs = { ...(conversion.cr as V1Annotation), timestampUs: source.timestampUs as number };
  }
  if (conversion.sr === undefined && endsSpan(conversion.ss, source)) {
    conversion.sr = { ...(conversion.ss as V1Annotation), timestampUs: source.timestampUs as number };
  }
  readRpcTimes(conversion);
  readMessagingTimes(conversion);
}

function endsSpan(end: V1Annotation | undefined, source: V1Span): boolean {
  const { timestampUs, durationUs } = source;
  return (
    end !== undefined &&
    timestampUs !== undefined &&
    durationUs !== undefined &&
    timestampUs + durationUs === end.timestampUs
  );
}

function readRpcTimes(conversion: Conversion): void {
  const { source, cs, sr, ss, cr } = conversion;
  if (cs !== undefined && sr !== undefined) {
    setTimes(conversion, cs, cr);
    const client = forEndpoint(conversion, cs.endpoint);
    // Loopback: client and server are the same service, yet must stay two spans.
    const loopback = cs.endpoint?.serviceName === sr.endpoint?.serviceName;
    const server = loopback ? forkSpan(conversion, sr.endpoint) : forEndpoint(conversion, sr.endpoint);
    client.kind = "CLIENT";
    server.kind = "SERVER";
    server.shared = true;
    server.timestamp = sr.timestampUs;
    if (ss !== undefined) setDuration(server, sr, ss);
    // A one-way RPC has no response, so no duration.
    if (cr === undefined && source.durationUs === undefined) delete client.duration;
  } else if (cs !== undefined && cr !== undefined) {
    setTimes(conversion, cs, cr);
  } else if (sr !== undefined && ss !== undefined) {
    setTimes(conversion, sr, ss);
  } else {
    placeIncompleteRpc(conversion);
  }
  if (
    cs === undefined &&
    sr !== undefined &&
    (source.timestampUs === undefined || (ss !== undefined && source.durationUs === undefined))
  ) {
    forEndpoint(conversion, sr.endpoint).shared = true;
  }
}

/** Without a begin and end pair, each half starts at its begin annotation and keeps its end one. */
function placeIncompleteRpc(conversion: Conversion): void {
  const { source, cs, cr, sr, ss } = conversion;
  for (const span of conversion.spans) {
    const [begin, end] = span.kind === "CLIENT" ? [cs, cr] : span.kind === "SERVER" ? [sr, ss] : [];
    if (begin !== undefined) span.timestamp = begin.timestampUs;
    if (end !== undefined) span.annotations.push({ timestamp: end.timestampUs, value: end.value });
  }
  if (source.timestampUs !== undefined) setSourceTimes(conversion.spans[0] as V2Span, source);
}

function readMessagingTimes(conversion: Conversion): void {
  const { ms, mr, ws, wr } = conversion;
  if (ms !== undefined && mr !== undefined) {
    const producer = forEndpoint(conversion, ms.endpoint);
    const loopback = ms.endpoint?.serviceName === mr.endpoint?.serviceName;
    const consumer = loopback ? forkSpan(conversion, mr.endpoint) : forEndpoint(conversion, mr.endpoint);
    producer.kind = "PRODUCER";
    consumer.kind = "CONSUMER";
    consumer.shared = true;
    consumer.timestamp = (wr ?? mr).timestampUs;
    if (wr !== undefined) setDuration(consumer, wr, mr);
    producer.timestamp = ms.timestampUs;
    if (ws !== undefined) setDuration(producer, ms, ws);
    else delete producer.duration;
  } else if (ms !== undefined) {
    setTimes(conversion, ms, ws);
  } else if (mr !== undefined) {
    if (wr !== undefined) setTimes(conversion, wr, mr);
    else setTimes(conversion, mr, undefined);
  } else {
    for (const wire of [ws, wr]) {
      if (wire === undefined) continue;
      forEndpoint(conversion, wire.endpoint).annotations.push({
        timestamp: wire.timestampUs,
        value: wire.value,
      });
    }
  }
}

/** The span's own times when it has both, as they are exact; else those of its annotations. */
function setTimes(conversion: Conversion, begin: V1Annotation, end: V1Annotation | undefined): void {
  const span = forEndpoint(conversion, begin.endpoint);
  const { source } = conversion;
  if (source.timestampUs !== undefined && source.durationUs !== undefined) {
    setSourceTimes(span, source);
    return;
  }
  span.timestamp = begin.timestampUs;
  if (end !== undefined) setDuration(span, begin, end);
}

function setSourceTimes(span: V2Span, source: V1Span): void {
  span.timestamp = source.timestampUs;
  if (source.durationUs === undefined) delete span.duration;
  else span.duration = source.durationUs;
}

/** Clocks that step backwards between two annotations give a negative duration: kept as unknown. */
function setDuration(span: V2Span, begin: V1Annotation, end: V1Annotation): void {
  const durationUs = end.timestampUs - begin.timestampUs;
  if (durationUs >= 0) {
    span.duration = durationUs;
    return;
  }
  delete span.duration;
  span.warnings = [...(span.warnings ?? []), `${end.value} is before ${begin.value}; duration set to 0`];
}
