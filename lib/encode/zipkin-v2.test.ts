import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readZipkinV2Fixture, ZIPKIN_V2_FIXTURES } from "../../test/fixtures";
import { decodeZipkinV2 } from "../ingest/zipkin/v2";
import { ENDPOINT_KEYS, type Span, UNKNOWN_SERVICE } from "../model/span";
import {
  encodeZipkinV2,
  type ZipkinV2Annotation,
  type ZipkinV2Endpoint,
  type ZipkinV2Span,
} from "./zipkin-v2";

const RECEIVED_MS = 1_700_000_000_000;
beforeEach(() => {
  vi.spyOn(Date, "now").mockReturnValue(RECEIVED_MS);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A fixture span as it is on the wire: the fixtures only use these fields. */
interface WireSpan extends Omit<ZipkinV2Span, "debug" | "shared"> {
  debug?: boolean;
  shared?: boolean;
}

/**
 * What Zipkin's own model (zipkin2.Span.Builder) makes of a span, written out independently of the
 * code under test: ids padded (a 128-bit trace id with zero high bits is 64-bit), all-zero and self
 * parents dropped, zeros and empty strings dropped, annotations sorted by (timestamp, value) without
 * duplicates. Zipkin also lower-cases names and drops `shared` from CLIENT spans; Tracelight keeps
 * what the reporter sent, so those two rules are not applied here.
 */
function zipkinNormalise(wire: WireSpan): ZipkinV2Span {
  const out: Record<string, unknown> = {};
  const traceId = wire.traceId.padStart(wire.traceId.length <= 16 ? 16 : 32, "0");
  out.traceId = traceId.startsWith("0".repeat(16)) && traceId.length === 32 ? traceId.slice(16) : traceId;
  const id = wire.id.padStart(16, "0");
  const parentId = wire.parentId?.padStart(16, "0");
  if (parentId !== undefined && !/^0+$/.test(parentId) && parentId !== id) out.parentId = parentId;
  out.id = id;
  if (wire.kind) out.kind = wire.kind;
  if (wire.name) out.name = wire.name;
  if (wire.timestamp) out.timestamp = wire.timestamp;
  if (wire.duration) out.duration = wire.duration;
  const local = zipkinEndpoint(wire.localEndpoint);
  if (local) out.localEndpoint = local;
  const remote = zipkinEndpoint(wire.remoteEndpoint);
  if (remote) out.remoteEndpoint = remote;
  const annotations = sortedUnique(wire.annotations ?? []);
  if (annotations.length > 0) out.annotations = annotations;
  if (wire.tags && Object.keys(wire.tags).length > 0) out.tags = { ...wire.tags };
  if (wire.debug) out.debug = true;
  if (wire.shared) out.shared = true;
  return out as unknown as ZipkinV2Span;
}

function zipkinEndpoint(endpoint: ZipkinV2Endpoint | undefined): ZipkinV2Endpoint | undefined {
  const out = Object.fromEntries(
    Object.entries(endpoint ?? {}).filter(([, value]) => value !== "" && value !== 0),
  );
  return Object.keys(out).length > 0 ? out : undefined;
}

function sortedUnique(annotations: ZipkinV2Annotation[]): ZipkinV2Annotation[] {
  // Java's String.compareTo, as Zipkin's Annotation uses: UTF-16 code units, not locale order.
  const byValue = (a: ZipkinV2Annotation, b: ZipkinV2Annotation) =>
    a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  const sorted = [...annotations].sort((a, b) => a.timestamp - b.timestamp || byValue(a, b));
  return sorted.filter((a, i) => i === 0 || JSON.stringify(a) !== JSON.stringify(sorted[i - 1]));
}

const minTimestamp = (spans: ZipkinV2Span[]) =>
  spans.length > 0 ? Math.min(...spans.map((span) => span.timestamp as number)) : undefined;

/** Where Tracelight deliberately differs from Zipkin, because the span model needs the field. */
function withTracelightRepairs(spans: ZipkinV2Span[]): ZipkinV2Span[] {
  const isTimed = (span: ZipkinV2Span) => span.timestamp !== undefined || Boolean(span.annotations?.length);
  const ownerKey = (span: ZipkinV2Span) => `${span.traceId}/${span.id}/${span.localEndpoint?.serviceName}`;
  const copies = spans.map((span) => ({ ...span }));
  const timed = copies.filter(isTimed);
  const owners = new Map(timed.map((span) => [ownerKey(span), span]));
  return copies.flatMap((repaired) => {
    // Every span has a service: a missing one becomes unknown_service, and is written back as such.
    if (!repaired.localEndpoint?.serviceName) {
      repaired.localEndpoint = { serviceName: UNKNOWN_SERVICE, ...repaired.localEndpoint };
    }
    if (isTimed(repaired)) {
      repaired.timestamp ??= repaired.annotations?.[0]?.timestamp;
      return [repaired];
    }
    // A fragment with no time merges into the timed span of its service and id, as in Zipkin's UI
    // (the 84 SmartThings fragments), keeping that span's values...
    const owner = owners.get(ownerKey(repaired));
    if (owner) {
      if (repaired.tags) owner.tags = { ...repaired.tags, ...owner.tags };
      return [];
    }
    // ...or is placed at the earliest start of its id, else of its trace, else at the receive time.
    const sameTrace = timed.filter((span) => span.traceId === repaired.traceId);
    repaired.timestamp =
      minTimestamp(sameTrace.filter((span) => span.id === repaired.id)) ??
      minTimestamp(sameTrace) ??
      RECEIVED_MS * 1000;
    return [repaired];
  });
}

describe("encodeZipkinV2(decodeZipkinV2(x))", () => {
  it.each(ZIPKIN_V2_FIXTURES)("gives back Zipkin's own normalisation of %s", { tags: ["corpus"] }, (path) => {
    const wire = readZipkinV2Fixture(path) as WireSpan[];
    const expected = withTracelightRepairs(wire.map(zipkinNormalise));
    expect(encodeZipkinV2(decodeZipkinV2(wire).spans)).toStrictEqual(expected);
  });

  it("writes keys in Zipkin's order", { tags: ["corpus"] }, () => {
    const [encoded] = encodeZipkinV2(
      decodeZipkinV2(readZipkinV2Fixture("jaeger/collector-zipkin/zipkin_v2_01.json")).spans,
    );
    expect(Object.keys(encoded ?? {})).toStrictEqual([
      "traceId",
      "parentId",
      "id",
      "kind",
      "name",
      "timestamp",
      "duration",
      "localEndpoint",
      "remoteEndpoint",
      "annotations",
      "tags",
      "debug",
      "shared",
    ]);
  });
});

describe("encodeZipkinV2", () => {
  const base: Span = {
    traceId: "0000000000000001",
    spanId: "0000000000000002",
    name: "get",
    kind: "SERVER",
    serviceName: "api",
    startUs: 10,
    durationUs: 5,
    status: { code: "UNSET" },
    attributes: {},
    resource: { "service.name": "api" },
    events: [],
    links: [],
  };
  const core = { traceId: "0000000000000001", id: "0000000000000002", timestamp: 10 };
  const encodedBase: ZipkinV2Span = {
    ...core,
    kind: "SERVER",
    name: "get",
    duration: 5,
    localEndpoint: { serviceName: "api" },
  };

  it.each<[string, Partial<Span>, ZipkinV2Span]>([
    [
      "an INTERNAL span with no name, duration or remote side keeps only what it has",
      { kind: "INTERNAL", name: "", durationUs: 0 },
      { ...core, localEndpoint: { serviceName: "api" } },
    ],
    [
      "an ERROR status without an error tag becomes one holding the message",
      { status: { code: "ERROR", message: "boom" } },
      {
        ...encodedBase,
        tags: { error: "boom" },
      },
    ],
    [
      "an ERROR status without a message becomes an empty error tag",
      { status: { code: "ERROR" } },
      {
        ...encodedBase,
        tags: { error: "" },
      },
    ],
    [
      "an existing error tag wins over the status message",
      { status: { code: "ERROR", message: "boom" }, attributes: { error: "timeout" } },
      {
        ...encodedBase,
        tags: { error: "timeout" },
      },
    ],
    [
      "non-string attributes are stringified, ill-typed addresses stay tags",
      {
        attributes: { n: 3, b: true, list: ["a", 1], map: { k: "v" }, [ENDPOINT_KEYS.localPort]: "8080" },
        remoteServiceName: "db",
      },
      {
        ...encodedBase,
        remoteEndpoint: { serviceName: "db" },
        tags: { n: "3", b: "true", list: '["a",1]', map: '{"k":"v"}', [ENDPOINT_KEYS.localPort]: "8080" },
      },
    ],
    [
      "annotations are sorted by time then value, duplicates dropped",
      {
        events: [
          { timeUs: 30, name: "b" },
          { timeUs: 20, name: "z" },
          { timeUs: 30, name: "a" },
          { timeUs: 20, name: "z" },
        ],
      },
      {
        ...encodedBase,
        annotations: [
          { timestamp: 20, value: "z" },
          { timestamp: 30, value: "a" },
          { timestamp: 30, value: "b" },
        ],
      },
    ],
  ])("%s", (_name, fields, expected) => {
    const span = { ...base, ...fields };
    const before = structuredClone(span);
    expect(encodeZipkinV2([span])).toStrictEqual([expected]);
    expect(span).toStrictEqual(before);
  });
});
