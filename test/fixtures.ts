import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The real-world trace corpus (its SOURCES.md): other projects' traces, kept beside the repository
 * and never copied into it (their licences). TRACELIGHT_FIXTURES, relative to the repository root,
 * says where; this is the one place that reads it.
 */
const FIXTURES_DIR = resolve(
  fileURLToPath(new URL("..", import.meta.url)),
  process.env.TRACELIGHT_FIXTURES || "../shared/fixtures",
);

/**
 * Whether the corpus is there. A clone alone has none: the tests on it are then skipped (the vitest
 * tag `corpus`, `test.skip(!CORPUS_FOUND, …)` in Playwright) and the suite runs on the project's own data.
 */
export const CORPUS_FOUND = existsSync(join(FIXTURES_DIR, "SOURCES.md"));

/** Why a corpus test was skipped, and the one line that says how many were. */
export const CORPUS_MISSING = `real-world trace corpus not found at ${FIXTURES_DIR} (TRACELIGHT_FIXTURES)`;
export const corpusSkippedLine = (count: number) => `${CORPUS_MISSING}: ${count} corpus tests skipped`;

/** A fixture's absolute path, for what reads files itself (a browser's file picker). */
export function fixturePath(relativePath: string): string {
  return join(FIXTURES_DIR, relativePath);
}

/** A JSON fixture, parsed; `relativePath` is under the fixtures directory ("zipkin/lens-testdata/skew.json"). */
export function readFixture(relativePath: string): unknown {
  return JSON.parse(readFileSync(fixturePath(relativePath), "utf8"));
}

/** A fixture's bytes, for the binary formats and for bodies sent as they are. */
export function readFixtureBytes(relativePath: string): Buffer {
  return readFileSync(fixturePath(relativePath));
}

/**
 * Every Zipkin v2 JSON file in the corpus with its span count. Not here, despite their names:
 * `otel-collector/zipkin_v2_notimestamp.json` is v1 JSON and `zipkin_proto_0*.json` is proto3 JSON.
 * `jaeger/collector-zipkin/zipkin_v1_merged_spans.json` is v2 JSON carrying v1 annotation names.
 */
export const ZIPKIN_V2_FIXTURES: ReadonlyArray<readonly [path: string, spanCount: number]> = [
  ["jaeger/collector-zipkin/zipkin_v1_merged_spans.json", 2],
  ["jaeger/collector-zipkin/zipkin_v2_01.json", 1],
  ["jaeger/collector-zipkin/zipkin_v2_02.json", 1],
  ["jaeger/collector-zipkin/zipkin_v2_03.json", 1],
  ["otel-collector-contrib/zipkinreceiver-sample3.json", 1],
  ["otel-collector-contrib/zipkinreceiver-sample4.json", 1],
  ["otel-collector/zipkin_v2_single.json", 1],
  ["otel-collector/zipkinreceiver-sample1.json", 9],
  ["otel-collector/zipkinreceiver-sample2.json", 1],
  ["stalk/zipkin-search-output.json", 8],
  ["zipkin/benchmarks/zipkin2-chinese.json", 1],
  ["zipkin/benchmarks/zipkin2-client.json", 1],
  ["zipkin/lens-testdata/ascend.json", 8],
  ["zipkin/lens-testdata/envoy.json", 1],
  ["zipkin/lens-testdata/malformed.json", 7],
  ["zipkin/lens-testdata/messaging-kafka.json", 28],
  ["zipkin/lens-testdata/messaging.json", 4],
  ["zipkin/lens-testdata/messaging2.json", 11],
  ["zipkin/lens-testdata/simple-db-p6.json", 5],
  ["zipkin/lens-testdata/skew.json", 4],
  // 1041 spans in the file; its 84 fragments without a timestamp merge into their spans.
  ["zipkin/lens-testdata/smartthings-mobile-web-install.json", 957],
  ["zipkin/lens-testdata/smartthings-oauth-authorization.json", 175],
  ["zipkin/lens-testdata/yelp.json", 16],
];

/**
 * A Zipkin v2 fixture as the flat span array `POST /api/v2/spans` takes: the `benchmarks/` files
 * hold one span object, and `stalk/zipkin-search-output.json` is `/api/v2/traces` output (an array
 * of traces, each an array of spans).
 */
export function readZipkinV2Fixture(relativePath: string): unknown[] {
  const json = readFixture(relativePath);
  if (!Array.isArray(json)) return [json];
  return json.some(Array.isArray) ? json.flat() : json;
}

/** Every Jaeger JSON file in the corpus (SOURCES.md, format jaeger-json) with its span count. */
export const JAEGER_JSON_FIXTURES: ReadonlyArray<readonly [path: string, spanCount: number]> = [
  ["jaeger-ui/criticalpath-testTrace.json", 6],
  ["jaeger-ui/flamegraph-testTrace.json", 4],
  ["jaeger-ui/genaiTestTrace.json", 57],
  ["jaeger-ui/oltp2jaeger-multi-out.json", 4],
  ["jaeger-ui/otlp2jaeger-out.json", 2],
  ["jaeger-ui/stats-spanAmongEachOtherGroupedAndSpans.json", 17],
  ["jaeger-ui/stats-spanLongerAsParent.json", 8],
  ["jaeger-ui/stats-spansAmongEachOther.json", 12],
  ["jaeger-ui/stats-testTraceNormal.json", 5],
  ["jaeger-ui/stats-traceWithMultipleSpansWithTheSameValueInDifferentTags.json", 4],
  ["jaeger-ui/stats-traceWithOverlappingChildrenLongerThanParent.json", 4],
  ["jaeger-ui/stats-traceWithSingleChildLongerThanParentAndStartsAfterParent.json", 2],
  ["jaeger-ui/stats-traceWithThreeShortOverlappingChildren.json", 4],
  ["jaeger-ui/tracegraph-overlappingTrace.json", 3],
  ["jaeger-ui/tracegraph-testTrace.json", 11],
  ["jaeger/anonymizer/trace_success.json", 2],
  ["jaeger/uimodel/ui_01.json", 5],
  ["stalk/jaeger-hotrod.json", 51],
  ["stalk/jaeger-search-output.json", 8],
  ["stalk/jaeger-trace-a155f674f00b1dce.json", 156],
  ["stalk/publish-cv5.json", 40],
];

/** Every OTLP/JSON request in the corpus with its span count (SOURCES.md). */
export const OTLP_JSON_FIXTURES: ReadonlyArray<readonly [path: string, spanCount: number]> = [
  ["otel-proto/trace.json", 1],
  ["otlp2parquet/trace.json", 2],
  ["jaeger/mcp-skills/error_timeout_masked.json", 26],
  ["jaeger/mcp-skills/n_plus_one_near_miss.json", 12],
  ["jaeger/mcp-skills/n_plus_one_positive.json", 16],
  ["jaeger/mcp-skills/sibling_errors.json", 6],
  ["jaeger/memory-store/otel_traces_01.json", 4],
  ["jaeger-ui/otlp2jaeger-in.json", 2],
  ["jaeger-ui/otlp2jaeger-in-error.json", 1],
  ["jaeger-ui/otlp2jaeger-multi-in-combined.json", 4],
  ["jaeger-ui/otlp2jaeger-negative-counts.json", 1],
];

/** One request per line: otlp2parquet/traces.jsonl, and jaeger-ui's .json.txt, despite its name. */
export const readJsonLines = (path: string): unknown[] =>
  readFixtureBytes(path)
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
