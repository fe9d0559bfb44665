import { describe, expect, it } from "vitest";
import { JAEGER_JSON_FIXTURES, readFixture } from "../../test/fixtures";
import { makeSpan } from "../../test/spans";
import { decodeJaegerJson } from "../ingest/jaeger/json";
import { decodeOtlpJson } from "../ingest/otlp/json";
import type { Span } from "../model/span";
import { encodeJaegerTrace, type JaegerEnvelope, type JaegerTrace, jaegerEnvelope } from "./jaeger-json";

/** Spans grouped by trace, in order of first appearance: what `encodeJaegerTrace` takes one of. */
function byTrace(spans: Span[]): Span[][] {
  const traces = new Map<string, Span[]>();
  for (const span of spans) {
    const trace = traces.get(span.traceId);
    if (trace) trace.push(span);
    else traces.set(span.traceId, [span]);
  }
  return [...traces.values()];
}

describe("decodeJaegerJson(encodeJaegerTrace(decodeJaegerJson(x)))", () => {
  it.each(JAEGER_JSON_FIXTURES)("gives back the canonical spans of %s", { tags: ["corpus"] }, (path) => {
    const traces = byTrace(decodeJaegerJson(readFixture(path)).spans);
    const response = jaegerEnvelope(traces.map((spans) => encodeJaegerTrace(spans)));
    expect(decodeJaegerJson(JSON.parse(JSON.stringify(response))).spans).toStrictEqual(traces.flat());
  });
});

describe("encodeJaegerTrace against Jaeger's own output", () => {
  it("writes jaeger/uimodel/ui_01.json, Jaeger's converter golden file, up to what the span model keeps", {
    tags: ["corpus"],
  }, () => {
    const golden = readFixture("jaeger/uimodel/ui_01.json") as JaegerTrace;
    const expected = structuredClone(golden);
    // Every stored span was sampled: flags 1; the golden spans have flags 0, which Jaeger leaves out.
    for (const span of expected.spans) span.flags = 1;
    // The span model holds bytes as base64 strings: the binary tag comes back as a string tag.
    for (const tag of expected.spans[1]?.tags ?? []) if (tag.key === "blob") tag.type = "string";
    // The parent (the first CHILD_OF within the trace) is written first, as the OTel translator does.
    const [otherTrace, parent, follows] = expected.spans[3]?.references ?? [];
    if (expected.spans[3] && otherTrace && parent && follows)
      expected.spans[3].references = [parent, otherTrace, follows];
    // Trace-level warnings have no place in the span model.
    expected.warnings = null;

    const encoded = encodeJaegerTrace(decodeJaegerJson(golden).spans);
    expect(encoded).toStrictEqual(expected);
    expect(Object.keys(encoded.spans[0] ?? {}).filter((key) => key !== "flags")).toStrictEqual(
      Object.keys(golden.spans[0] ?? {}),
    );
  });

  /**
   * The jaeger-ui fixtures hold what Jaeger made of the OTLP files. Compared: tags, references,
   * processes and logs, with two known differences: they predate the translator's move from the
   * `otel.library.*` keys to `otel.scope.*`, and they carry `span.kind=internal`, which Tracelight
   * does not write (INTERNAL is also the model's "no kind"). Not compared: durations (the OTLP decoder
   * rounds start and end to µs separately; Jaeger truncates the difference) and jaeger-ui's own fields.
   */
  it.each([
    ["jaeger-ui/otlp2jaeger-in.json", "jaeger-ui/otlp2jaeger-out.json"],
    ["jaeger-ui/otlp2jaeger-multi-in-combined.json", "jaeger-ui/oltp2jaeger-multi-out.json"],
  ])("writes %s as Jaeger did in %s", { tags: ["corpus"] }, (input, output) => {
    const jaeger = (readFixture(output) as JaegerEnvelope<JaegerTrace[]>).data[0] as JaegerTrace;
    const ours = encodeJaegerTrace(decodeOtlpJson(readFixture(input)).spans);
    expect(meaningful(ours)).toStrictEqual(meaningful(jaeger));
  });
});

function meaningful(trace: JaegerTrace) {
  return {
    traceID: trace.traceID,
    processes: trace.processes,
    spans: trace.spans.map((span) => ({
      spanID: span.spanID,
      processID: span.processID,
      references: span.references.map(({ refType, traceID, spanID }) => ({ refType, traceID, spanID })),
      tags: span.tags
        .filter((tag) => !(tag.key === "span.kind" && tag.value === "internal"))
        .map((tag) => ({ ...tag, key: tag.key.replace(/^otel\.library\./, "otel.scope.") })),
      logs: span.logs,
    })),
  };
}

describe("encodeJaegerTrace", () => {
  it("writes a span's keys in the order Jaeger does", () => {
    const [span] = encodeJaegerTrace([makeSpan()]).spans;
    expect(Object.keys(span ?? {})).toStrictEqual([
      "traceID",
      "spanID",
      "flags",
      "operationName",
      "references",
      "startTime",
      "duration",
      "tags",
      "logs",
      "processID",
      "warnings",
    ]);
  });

  it("gives one process per distinct service and resource, p1, p2, … in order of first appearance", () => {
    const trace = encodeJaegerTrace([
      makeSpan({ serviceName: "web", resource: { "service.name": "web", host: "a" } }),
      makeSpan({ serviceName: "api", resource: { "service.name": "api" } }),
      makeSpan({ serviceName: "web", resource: { "service.name": "web", host: "b" } }),
      makeSpan({ serviceName: "web", resource: { host: "a", "service.name": "web" } }),
    ]);
    expect(trace.spans.map((span) => span.processID)).toStrictEqual(["p1", "p2", "p3", "p1"]);
    expect(trace.processes).toStrictEqual({
      p1: { serviceName: "web", tags: [{ key: "host", type: "string", value: "a" }] },
      p2: { serviceName: "api", tags: [] },
      p3: { serviceName: "web", tags: [{ key: "host", type: "string", value: "b" }] },
    });
  });

  it("writes the parent as CHILD_OF first, then links, OTel links as FOLLOWS_FROM unless they say child_of", () => {
    const [span] = encodeJaegerTrace([
      makeSpan({
        parentSpanId: "0000000000000001",
        links: [
          { traceId: "0000000000000009", spanId: "0000000000000002", type: "CHILD_OF" },
          { traceId: "0000000000000001", spanId: "0000000000000003", type: "FOLLOWS_FROM" },
          { traceId: "0000000000000001", spanId: "0000000000000004", type: "LINK", attributes: { a: 1 } },
          {
            traceId: "0000000000000001",
            spanId: "0000000000000005",
            type: "LINK",
            attributes: { "opentracing.ref_type": "child_of" },
          },
        ],
      }),
    ]).spans;
    expect(span?.references.map((ref) => `${ref.refType} ${ref.traceID}/${ref.spanID}`)).toStrictEqual([
      "CHILD_OF 0000000000000001/0000000000000001",
      "CHILD_OF 0000000000000009/0000000000000002",
      "FOLLOWS_FROM 0000000000000001/0000000000000003",
      "FOLLOWS_FROM 0000000000000001/0000000000000004",
      "CHILD_OF 0000000000000001/0000000000000005",
    ]);
  });

  it.each([
    ["a stored span was sampled", {}, 1],
    ["a debug span is sampled and debug", { debug: true }, 3],
  ])("flags: %s", (_, fields: Partial<Span>, flags) => {
    expect(encodeJaegerTrace([makeSpan(fields)]).spans[0]?.flags).toBe(flags);
  });

  it.each([
    ["no warnings are null, as Jaeger writes them", {}, null],
    ["an empty list is null too", { warnings: [] }, null],
    ["warnings are kept", { warnings: ["clock skew"] }, ["clock skew"]],
  ])("span warnings: %s", (_, fields: Partial<Span>, warnings) => {
    expect(encodeJaegerTrace([makeSpan(fields)]).spans[0]?.warnings).toStrictEqual(warnings);
  });

  it("writes an empty trace as Jaeger's zero trace", () => {
    expect(encodeJaegerTrace([])).toStrictEqual({ traceID: "", spans: [], processes: {}, warnings: null });
  });

  it("never mutates its input", { tags: ["corpus"] }, () => {
    const spans = decodeJaegerJson(readFixture("jaeger/uimodel/ui_01.json")).spans;
    const before = structuredClone(spans);
    encodeJaegerTrace(spans);
    expect(spans).toStrictEqual(before);
  });
});

describe("encodeJaegerTrace with Zipkin shared span ids", () => {
  const call = "00000000000000ca";
  const shared = [
    makeSpan({ spanId: "0000000000000001", name: "root" }),
    makeSpan({ spanId: call, parentSpanId: "0000000000000001", kind: "CLIENT", name: "client" }),
    makeSpan({
      spanId: call,
      parentSpanId: "0000000000000001",
      kind: "SERVER",
      shared: true,
      name: "server",
    }),
    makeSpan({ spanId: "00000000000000db", parentSpanId: call, kind: "CLIENT", name: "db" }),
  ];
  const tree = (trace: JaegerTrace) =>
    trace.spans.map((span) => `${span.operationName} ${span.spanID} ← ${span.references[0]?.spanID ?? "-"}`);

  it("gives the server half the lowest unused id under its client half, and the call's children to it", () => {
    expect(tree(encodeJaegerTrace(shared))).toStrictEqual([
      "root 0000000000000001 ← -",
      `client ${call} ← 0000000000000001`,
      `server 0000000000000002 ← ${call}`,
      "db 00000000000000db ← 0000000000000002",
    ]);
  });

  it("keeps both halves on the shared id when asked for Jaeger's raw trace", () => {
    expect(tree(encodeJaegerTrace(shared, { raw: true }))).toStrictEqual([
      "root 0000000000000001 ← -",
      `client ${call} ← 0000000000000001`,
      `server ${call} ← 0000000000000001`,
      `db 00000000000000db ← ${call}`,
    ]);
  });

  it("leaves a server half alone when its client half is not in the trace", () => {
    const lone = [makeSpan({ spanId: call, parentSpanId: "0000000000000001", shared: true })];
    expect(encodeJaegerTrace(lone).spans[0]?.spanID).toBe(call);
  });
});

describe("jaegerEnvelope", () => {
  it("wraps data as Jaeger's query API does, errors null when there are none", () => {
    expect(jaegerEnvelope([])).toStrictEqual({ data: [], total: 0, limit: 0, offset: 0, errors: null });
  });

  it("carries a total and errors", () => {
    expect(jaegerEnvelope(["api"], { total: 1 }).total).toBe(1);
    expect(jaegerEnvelope(null, { errors: [{ code: 400, msg: "bad" }] })).toStrictEqual({
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 400, msg: "bad" }],
    });
  });
});
