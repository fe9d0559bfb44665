import { describe, expect, it } from "vitest";
import { analysisTree, nameOf, span, TRACES } from "../../test/analysis-traces";
import { readFixture } from "../../test/fixtures";
import { normaliseSpans } from "../ingest/door/normalise";
import { decodeOtlpJson } from "../ingest/otlp/json";
import type { Span } from "../model/span";
import { buildTraceTree } from "../trace/tree";
import { errorRoot } from "./error-root";

const ERROR = { status: { code: "ERROR" as const } };

/** The name of the error root's span, or undefined. */
function errorRootName(spans: Span[]): string | undefined {
  const tree = analysisTree(spans);
  const row = errorRoot(tree);
  return row === undefined ? undefined : nameOf(tree, row);
}

describe("errorRoot", () => {
  it.each<[string, Span[], string | undefined]>([
    ["no span errored", TRACES["sequential children"], undefined],
    ["login: the root failed and no call below it did", TRACES.login, "POST /oauth2/token"],
    [
      "an error explained by an erroring child is not the root of it",
      [
        span("root", undefined, 0, 100, ERROR),
        span("call", "root", 10, 50, ERROR),
        span("db", "call", 20, 30, ERROR),
      ],
      "db",
    ],
    [
      "sibling errors: the earlier one, the later being its fallout",
      [
        span("root", undefined, 0, 200, ERROR),
        span("charge", "root", 20, 40, ERROR),
        span("email", "root", 120, 60, ERROR),
      ],
      "charge",
    ],
    [
      "an error that reached the root beats an earlier one that was handled",
      [
        span("root", undefined, 0, 100, ERROR),
        span("fallback", "root", 5, 20),
        span("cache", "fallback", 6, 5, ERROR),
        span("db", "root", 40, 30, ERROR),
      ],
      "db",
    ],
    [
      "errors under a root that did not fail: the earliest",
      [
        span("root", undefined, 0, 100),
        span("retry1", "root", 10, 5, ERROR),
        span("retry2", "root", 20, 5, ERROR),
      ],
      "retry1",
    ],
    [
      "of two errors starting together, the deeper",
      [
        span("root", undefined, 0, 100),
        span("a", "root", 10, 5, ERROR),
        span("b", "root", 10, 50),
        span("c", "b", 10, 5, ERROR),
      ],
      "c",
    ],
    [
      "zero-duration spans",
      [span("root", undefined, 0, 100, ERROR), span("mark", "root", 50, 0, ERROR)],
      "mark",
    ],
    [
      "missing parent: an error in a tree whose root is an orphan",
      [
        span("root", undefined, 0, 100),
        span("orphan", "gone", 10, 50, ERROR),
        span("leaf", "orphan", 20, 10, ERROR),
      ],
      "leaf",
    ],
    [
      "a Zipkin shared span: the server half, below its client half",
      [
        span("root", undefined, 0, 100, ERROR),
        span("call", "root", 10, 50, { kind: "CLIENT", ...ERROR }),
        span("call", "root", 12, 46, {
          name: "serve",
          kind: "SERVER",
          shared: true,
          serviceName: "b",
          ...ERROR,
        }),
      ],
      "serve",
    ],
  ])("%s", (_, spans, expected) => {
    expect(errorRootName(spans)).toBe(expected);
  });
});

/** The error-root fixtures of Jaeger's MCP skills, with the answer their manifests give. */
describe("errorRoot on Jaeger's error-root-cause fixtures", { tags: ["corpus"] }, () => {
  it.each<[string, string, string]>([
    [
      // manifest: the locus is payment's Charge, which failed at +22 ms, before e-mail's at +122 ms.
      "sibling errors, told apart by start time",
      "sibling_errors.json",
      "d4e5f60718293a4b",
    ],
    [
      // Three GetDriver calls failed and were retried; the dispatch answered 200.
      "recovered errors under a successful root",
      "n_plus_one_positive.json",
      "c5f1def4c8a5c5ee",
    ],
    [
      // manifest: the true locus is frontend's POST, status OK, which the proxy stopped waiting for
      // after 15 s. No rule over ERROR spans can name it: the deepest errored span is the proxy's
      // egress. The critical path names frontend's POST (see diagnosis.test.ts).
      "a timeout masks the locus",
      "error_timeout_masked.json",
      "fb403de242b50b18",
    ],
  ])("%s (%s)", (_, file, spanId) => {
    const tree = buildTraceTree(
      normaliseSpans(decodeOtlpJson(readFixture(`jaeger/mcp-skills/${file}`)).spans),
    );
    expect(tree.rows[errorRoot(tree) ?? -1]?.span.spanId).toBe(spanId);
  });
});
