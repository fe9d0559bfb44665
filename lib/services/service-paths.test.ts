import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import type { PathElement } from "../api/service-paths";
import type { Span, SpanKind } from "../model/span";
import { traceLinks } from "./links";
import {
  linksAndPaths,
  MAX_PATH_ELEMENTS,
  MAX_PATHS_PER_TRACE,
  sliceAround,
  tracePaths,
} from "./service-paths";

/** A span of a hand-made trace: ids are short names, padded to span ids; start orders siblings. */
function span(
  id: string,
  parent: string | undefined,
  service: string,
  name: string,
  fields: Partial<Span> = {},
) {
  const parentSpanId = parent === undefined ? {} : { parentSpanId: parent.padStart(16, "0") };
  return makeSpan({ spanId: id.padStart(16, "0"), ...parentSpanId, serviceName: service, name, ...fields });
}

/** Each path as "service:operation > …". */
const described = (paths: PathElement[][]) =>
  paths.map((path) => path.map(({ service, operation }) => `${service}:${operation}`).join(" > "));

describe("tracePaths", () => {
  it.each<[string, Span[], string[]]>([
    [
      "a service calling two others gives one path to each",
      [
        span("1", undefined, "A", "get /"),
        span("2", "1", "B", "get /b", { startUs: 110 }),
        span("3", "2", "C", "get /c", { startUs: 120 }),
        span("4", "2", "D", "get /d", { startUs: 130 }),
      ],
      ["A:get / > B:get /b > C:get /c", "A:get / > B:get /b > D:get /d"],
    ],
    [
      "consecutive spans of one service are one hop, named by the span it was entered through",
      [
        span("1", undefined, "web", "GET /", { kind: "SERVER" }),
        span("2", "1", "web", "render", { kind: "INTERNAL", startUs: 110 }),
        span("3", "2", "web", "call api", { kind: "CLIENT", startUs: 120 }),
        span("4", "3", "api", "GET /items", { kind: "SERVER", startUs: 130 }),
        span("5", "4", "api", "select", { kind: "CLIENT", startUs: 140 }),
      ],
      ["web:GET / > api:GET /items"],
    ],
    [
      "a call repeated in a loop is one path",
      [
        span("1", undefined, "api", "list"),
        ...["2", "3", "4"].map((id, i) => span(id, "1", "postgres", "query", { startUs: 110 + i })),
      ],
      ["api:list > postgres:query"],
    ],
    [
      "a branch that calls nothing more is part of a longer path, not a path of its own",
      [
        span("1", undefined, "A", "get /"),
        span("2", "1", "B", "get /b", { startUs: 110 }),
        span("3", "2", "B", "cache lookup", { startUs: 115 }),
        span("4", "2", "C", "get /c", { startUs: 120 }),
      ],
      ["A:get / > B:get /b > C:get /c"],
    ],
    [
      "the same service entered through two operations makes two paths",
      [
        span("1", undefined, "A", "get /"),
        span("2", "1", "B", "read", { startUs: 110 }),
        span("3", "1", "B", "write", { startUs: 120 }),
      ],
      ["A:get / > B:read", "A:get / > B:write"],
    ],
    [
      "a span whose parent is missing starts a path of its own",
      [span("1", undefined, "A", "get /"), span("3", "2", "C", "consume", { startUs: 200 })],
      ["A:get /", "C:consume"],
    ],
    [
      "a Zipkin shared span: the server half is a hop of its own service under the client half",
      [
        span("a", undefined, "web", "GET /", { kind: "SERVER" }),
        span("b", "a", "web", "get /api", { kind: "CLIENT", startUs: 110 }),
        span("b", "a", "api", "get /api", { kind: "SERVER", shared: true, startUs: 111 }),
      ],
      ["web:GET / > api:get /api"],
    ],
    ["no spans, no paths", [], []],
  ])("%s", (_, spans, expected) => {
    expect(described(tracePaths(spans))).toEqual(expected);
  });

  it("cuts a path at MAX_PATH_ELEMENTS hops, keeping those nearest the root", () => {
    const spans = Array.from({ length: MAX_PATH_ELEMENTS + 5 }, (_, i) =>
      span(String(i + 1), i === 0 ? undefined : String(i), i % 2 ? "ping" : "pong", `hop ${i}`, {
        startUs: 100 + i,
      }),
    );
    const [path, ...others] = tracePaths(spans);
    expect(others).toEqual([]);
    expect(path).toHaveLength(MAX_PATH_ELEMENTS);
    expect(path?.at(-1)?.operation).toBe(`hop ${MAX_PATH_ELEMENTS - 1}`);
  });

  it("gives at most MAX_PATHS_PER_TRACE paths, the first in pre-order", () => {
    const spans = [
      span("1", undefined, "gateway", "fan out"),
      ...Array.from({ length: MAX_PATHS_PER_TRACE + 50 }, (_, i) =>
        span((i + 2).toString(16), "1", `service ${i}`, "get", { startUs: 200 + i }),
      ),
    ];
    const paths = tracePaths(spans);
    expect(paths).toHaveLength(MAX_PATHS_PER_TRACE);
    expect(paths[0]?.[1]?.service).toBe("service 0");
    expect(paths.at(-1)?.[1]?.service).toBe(`service ${MAX_PATHS_PER_TRACE - 1}`);
  });
});

/** A random forest: each span's parent an earlier span, a missing one, or none; few services and names. */
const randomTrace = fc
  .array(
    fc.record({
      parent: fc.oneof(fc.constant(-1), fc.constant(-2), fc.nat()),
      service: fc.constantFrom("A", "B", "C", "D"),
      name: fc.constantFrom("x", "y"),
      kind: fc.constantFrom<SpanKind>("SERVER", "CLIENT", "INTERNAL"),
    }),
    { maxLength: 300 },
  )
  .map((specs) =>
    specs.map(({ parent, service, name, kind }, i) => {
      const parentIndex = parent < 0 || i === 0 ? parent : parent % i;
      const parentId = parentIndex === -1 ? undefined : parentIndex === -2 ? "ffff" : String(parentIndex + 1);
      return span(String(i + 1), parentId, service, name, { kind, startUs: 100 + i });
    }),
  );

describe("tracePaths on any trace", () => {
  it("gives distinct, bounded, maximal paths whose hops change service at each step", () => {
    fc.assert(
      fc.property(randomTrace, (spans) => {
        const paths = tracePaths(spans);
        expect(paths.length).toBeLessThanOrEqual(MAX_PATHS_PER_TRACE);
        if (spans.length > 0) expect(paths.length).toBeGreaterThan(0);
        const keys = paths.map((path) => JSON.stringify(path));
        expect(new Set(keys).size).toBe(keys.length);
        for (const path of paths) {
          expect(path.length).toBeGreaterThanOrEqual(1);
          expect(path.length).toBeLessThanOrEqual(MAX_PATH_ELEMENTS);
          for (let i = 1; i < path.length; i++) {
            expect(path[i]?.service).not.toBe(path[i - 1]?.service);
          }
        }
        // No path is the start of another: a path ends where its chain ends.
        for (const key of keys) {
          const prefix = key.slice(0, -1);
          expect(keys.some((other) => other !== key && other.startsWith(`${prefix},`))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("does not depend on the order the spans came in", () => {
    fc.assert(
      fc.property(
        randomTrace.chain((spans) =>
          fc.tuple(fc.constant(spans), fc.shuffledSubarray(spans, { minLength: spans.length })),
        ),
        ([spans, shuffled]) => {
          expect(tracePaths(shuffled)).toEqual(tracePaths(spans));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("linksAndPaths", () => {
  it("derives from one tree what traceLinks and tracePaths derive each from its own", () => {
    fc.assert(
      fc.property(randomTrace, (spans) => {
        expect(linksAndPaths(spans)).toEqual({ links: traceLinks(spans), paths: tracePaths(spans) });
      }),
      { numRuns: 100 },
    );
  });
});

describe("sliceAround", () => {
  const path = ["A:get", "B:read", "C:get", "B:write", "D:get"].map((hop) => {
    const [service, operation] = hop.split(":") as [string, string];
    return { service, operation };
  });

  it.each<[string, { service: string; operation?: string }, [string[], string, string[]] | undefined]>([
    ["a service in the middle", { service: "C" }, [["A", "B"], "C", ["B", "D"]]],
    ["the root: nothing upstream", { service: "A" }, [[], "A", ["B", "C", "B", "D"]]],
    ["the leaf: nothing downstream", { service: "D" }, [["A", "B", "C", "B"], "D", []]],
    ["a service visited twice: at its first visit", { service: "B" }, [["A"], "B", ["C", "B", "D"]]],
    [
      "with an operation: at the visit through it",
      { service: "B", operation: "write" },
      [["A", "B", "C"], "B", ["D"]],
    ],
    ["an operation the service was not entered through", { service: "C", operation: "put" }, undefined],
    ["a service not on the path", { service: "E" }, undefined],
  ])("%s", (_, focus, expected) => {
    const sliced = sliceAround(path, focus, 3);
    const services = (hops: PathElement[]) => hops.map((hop) => hop.service);
    expect(sliced && [services(sliced.upstream), sliced.focus.service, services(sliced.downstream)]).toEqual(
      expected,
    );
    if (sliced) expect(sliced.traces).toBe(3);
  });

  it("splits any path into parts that make it whole again, the focus first met where it is", () => {
    const hop = fc.record({ service: fc.constantFrom("A", "B", "C"), operation: fc.constantFrom("x", "y") });
    fc.assert(
      fc.property(fc.array(hop, { maxLength: MAX_PATH_ELEMENTS }), hop, (anyPath, focus) => {
        const sliced = sliceAround(anyPath, focus, 1);
        const matches = (h: PathElement) => h.service === focus.service && h.operation === focus.operation;
        if (!sliced) {
          expect(anyPath.some(matches)).toBe(false);
          return;
        }
        expect([...sliced.upstream, sliced.focus, ...sliced.downstream]).toEqual(anyPath);
        expect(matches(sliced.focus)).toBe(true);
        expect(sliced.upstream.some(matches)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
