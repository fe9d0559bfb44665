import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import type { Span } from "../model/span";
import { evaluateTrace } from "./evaluate";
import { parseTraceQL } from "./parse";

/**
 * GET /home (web)
 * ├── GET /api (api)
 * │   ├── SELECT (postgres, 150ms, error)
 * │   └── cache get (redis)
 * └── render (web, 30ms)
 *     └── SELECT (postgres, 20ms)
 */
function shop(): Span[] {
  const at = (
    spanId: string,
    parentSpanId: string | undefined,
    name: string,
    service: string,
    startMs: number,
    durationMs: number,
    extra: Partial<Span> = {},
  ) =>
    makeSpan({
      spanId,
      ...(parentSpanId ? { parentSpanId } : {}),
      name,
      serviceName: service,
      resource: { "service.name": service },
      startUs: startMs * 1000,
      durationUs: durationMs * 1000,
      ...extra,
    });
  return [
    at("01", undefined, "GET /home", "web", 0, 400, {
      attributes: { "http.method": "GET", "http.status_code": 200 },
    }),
    at("02", "01", "GET /api", "api", 10, 200, { kind: "CLIENT", attributes: { "http.method": "GET" } }),
    at("03", "02", "SELECT", "postgres", 20, 150, {
      kind: "CLIENT",
      status: { code: "ERROR", message: "deadlock detected" },
      attributes: { "db.system": "postgresql", "db.rows": 5, tags: ["a", "b"] },
      events: [{ timeUs: 30_000, name: "exception", attributes: { "exception.type": "Deadlock" } }],
    }),
    at("04", "02", "cache get", "redis", 20, 5, { kind: "CLIENT", attributes: { "db.system": "redis" } }),
    at("05", "01", "render", "web", 300, 30, { kind: "INTERNAL" }),
    at("06", "05", "SELECT", "postgres", 310, 20, {
      kind: "CLIENT",
      attributes: { "db.system": "postgresql", "db.rows": 50 },
    }),
  ];
}

/** The span ids each spanset holds, for a query on the shop trace. */
function matched(query: string, spans = shop()): string[][] {
  return evaluateTrace(parseTraceQL(query), spans, query).spansets.map((set) =>
    set.spans.map((span) => span.spanId).sort(),
  );
}

describe("evaluateTrace: filters", () => {
  it("matches intrinsics, scoped and unscoped attributes", () => {
    expect(matched('{ name = "SELECT" }')).toEqual([["03", "06"]]);
    expect(matched('{ span.db.system = "postgresql" && duration > 100ms }')).toEqual([["03"]]);
    expect(matched('{ resource.service.name = "web" }')).toEqual([["01", "05"]]);
    expect(matched('{ .service.name = "redis" || .db.system = "redis" }')).toEqual([["04"]]);
    expect(matched("{ status = error && kind = client }")).toEqual([["03"]]);
    expect(matched('{ statusMessage =~ "dead.*" }')).toEqual([["03"]]);
    expect(matched("{ .db.rows >= 5 && .db.rows < 50 }")).toEqual([["03"]]);
    expect(
      matched(
        '{ trace:rootService = "web" && trace:rootName = "GET /home" && traceDuration = 400ms && kind = internal }',
      ),
    ).toEqual([["05"]]);
    expect(matched("{ }")).toEqual([["01", "02", "03", "04", "05", "06"]]);
  });

  it("reads nil as absent, and compares values of different types as false", () => {
    expect(matched("{ .http.method != nil }")).toEqual([["01", "02"]]);
    expect(matched("{ .db.system = nil && kind = client }")).toEqual([["02"]]);
    expect(matched('{ .http.status_code = "200" }')).toEqual([]);
    expect(matched("{ .http.status_code = 200 }")).toEqual([["01"]]);
    expect(matched('{ .db.rows > "a" }')).toEqual([]);
  });

  it("anchors regular expressions, as Tempo's RE2 does, and runs them in linear time", () => {
    expect(matched('{ name =~ "SEL" }')).toEqual([]);
    expect(matched('{ name =~ "SEL.*" && name !~ "render" }')).toEqual([["03", "06"]]);
    const evil = [makeSpan({ spanId: "01", name: `${"a".repeat(20_000)}!` })];
    const started = performance.now();
    expect(matched('{ name =~ "(a+)+$" }', evil)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("matches a list when any element does, and != when none does", () => {
    expect(matched('{ .tags = "b" }')).toEqual([["03"]]);
    expect(matched('{ .tags != "c" && .tags != nil }')).toEqual([["03"]]);
    expect(matched('{ event.exception.type = "Deadlock" && event:name = "exception" }')).toEqual([["03"]]);
  });

  it("evaluates arithmetic and negation inside a filter", () => {
    expect(matched("{ .db.rows * 2 = 100 }")).toEqual([["06"]]);
    expect(matched("{ duration - 10ms > 100ms }")).toEqual([["02", "03", "01"].sort()]);
    expect(matched("{ !(kind = client) }")).toEqual([["01", "05"]]);
  });

  it("reads the parent's attributes", () => {
    expect(matched('{ parent.service.name = "web" }')).toEqual([["02", "05", "06"]]);
    expect(matched('{ parent.span.http.method = "GET" && name = "SELECT" }')).toEqual([["03"]]);
  });
});

describe("evaluateTrace: spanset operators", () => {
  it("joins spansets with && and ||", () => {
    expect(matched('{ name = "render" } && { status = error }')).toEqual([["03", "05"]]);
    expect(matched('{ name = "none" } && { status = error }')).toEqual([]);
    expect(matched('{ name = "none" } || { status = error }')).toEqual([["03"]]);
  });

  it("relates spans by the tree: child, parent, descendant, ancestor, sibling", () => {
    expect(matched('{ name = "GET /api" } > { name = "SELECT" }')).toEqual([["03"]]);
    expect(matched('{ name = "SELECT" } < { }')).toEqual([["02", "05"]]);
    expect(matched('{ name = "GET /home" } >> { name = "SELECT" }')).toEqual([["03", "06"]]);
    expect(matched('{ name = "GET /api" } >> { .db.system = "postgresql" }')).toEqual([["03"]]);
    expect(matched('{ .db.system = "postgresql" } << { }')).toEqual([["01", "02", "05"]]);
    expect(matched('{ .db.system = "redis" } ~ { }')).toEqual([["03"]]);
    expect(matched("{ } ~ { kind = internal }")).toEqual([["05"]]);
    expect(matched('{ name = "GET /home" } ~ { }')).toEqual([]);
  });

  it("answers the issue's shape question: GET /home with a slow Postgres query below it", () => {
    const query = '{ name = "GET /home" } >> { .db.system = "postgresql" && duration > 100ms }';
    expect(matched(query)).toEqual([["03"]]);
    expect(matched('{ name = "GET /home" } >> { .db.system = "postgresql" && duration > 1s }')).toEqual([]);
  });

  it("negates a relation: the right side's spans for which it does not hold", () => {
    expect(matched('{ name = "GET /api" } !> { name = "SELECT" }')).toEqual([["06"]]);
    expect(matched('{ name = "GET /api" } !>> { kind = client }')).toEqual([["02", "06"]]);
    expect(matched("{ } !< { kind = client }")).toEqual([["03", "04", "06"]]);
    expect(matched('{ .db.system = "postgresql" } !<< { }')).toEqual([["03", "04", "06"]]);
    expect(matched('{ .db.system = "redis" } !~ { kind = client }')).toEqual([["02", "04", "06"]]);
  });

  it("keeps both sides' taking part with the union forms", () => {
    expect(matched('{ name = "GET /api" } &> { name = "SELECT" }')).toEqual([["02", "03"]]);
    expect(matched('{ kind = internal } &>> { name = "SELECT" }')).toEqual([["05", "06"]]);
    expect(matched('{ name = "SELECT" } &<< { kind != client }')).toEqual([["01", "03", "05", "06"]]);
    expect(matched('{ .db.system = "redis" } &~ { }')).toEqual([["03", "04"]]);
    expect(matched('{ name = "SELECT" } &< { }')).toEqual([["02", "03", "05", "06"]]);
  });

  it("walks a deep chain in linear time", () => {
    const chain = Array.from({ length: 50_000 }, (_, i) =>
      makeSpan({
        spanId: (i + 1).toString(16).padStart(16, "0"),
        ...(i > 0 ? { parentSpanId: i.toString(16).padStart(16, "0") } : {}),
        name: i === 0 ? "top" : i === 49_999 ? "bottom" : "middle",
        startUs: i,
      }),
    );
    expect(matched('{ name = "top" } >> { name = "bottom" }', chain)).toHaveLength(1);
    expect(matched('{ name = "bottom" } &<< { name = "top" }', chain)).toHaveLength(1);
  });
});

describe("evaluateTrace: pipelines", () => {
  it("keeps spansets by an aggregate, and names its value", () => {
    const { spansets } = evaluateTrace(parseTraceQL('{ name = "SELECT" } | count() > 1'), shop(), "");
    expect(spansets).toHaveLength(1);
    expect(matched('{ name = "SELECT" } | count() > 2')).toEqual([]);
    expect(matched('{ name = "SELECT" } | avg(duration) > 80ms')).toEqual([["03", "06"]]);
    expect(
      matched('{ name = "SELECT" } | max(.db.rows) = 50 | min(.db.rows) = 5 | sum(.db.rows) = 55'),
    ).toEqual([["03", "06"]]);
    const query = "{ kind = client } | avg(duration) > 20ms";
    expect(evaluateTrace(parseTraceQL(query), shop(), query).spansets[0]?.attributes).toEqual({
      "avg(duration)": 93_750,
    });
  });

  it("groups by a field, each group filtered on its own", () => {
    const query = "{ kind = client } | by(resource.service.name) | count() > 1";
    const { spansets } = evaluateTrace(parseTraceQL(query), shop(), query);
    expect(spansets.map((set) => set.attributes)).toEqual([
      { "by(resource.service.name)": "postgres", "count()": 2 },
    ]);
    expect(matched("{ } | by(resource.service.name) | coalesce()")).toEqual([
      ["01", "02", "03", "04", "05", "06"],
    ]);
  });

  it("narrows with a further filter, and collects select's fields", () => {
    expect(matched("{ kind = client } | { duration < 10ms }")).toEqual([["04"]]);
    const query = "{ status = error } | select(span.db.system, .db.rows)";
    const match = evaluateTrace(parseTraceQL(query), shop(), query);
    expect(match.selected.map((field) => query.slice(field.from, field.to))).toEqual([
      "span.db.system",
      ".db.rows",
    ]);
  });
});
