import { describe, expect, it } from "vitest";
import { analysisTree, span, TRACES } from "../../test/analysis-traces";
import { readFixture } from "../../test/fixtures";
import { decodeOtlpJson } from "../ingest/otlp/json";
import type { Span } from "../model/span";
import type { TraceTree } from "../trace/tree";
import { criticalPath } from "./critical-path";
import { selfTimes } from "./self-time";
import { type OperationStats, operationStatistics } from "./statistics";

function statisticsOf(tree: TraceTree): OperationStats[] {
  return operationStatistics(tree, selfTimes(tree), criticalPath(tree).criticalUs);
}

/** [service, operation, count, criticalUs, criticalShare] of each row, in order. */
type Summary = [service: string, operation: string, count: number, criticalUs: number, share: number][];

const summary = (stats: OperationStats[]): Summary =>
  stats.map((row) => [row.service, row.operation, row.count, row.criticalUs, row.criticalShare]);

/** A root calling one operation `durationsMs.length` times in a row, shortest last. */
const repeated = (durationsMs: number[]): Span[] => {
  let atMs = 1;
  const calls = durationsMs.map((durationMs, i) => {
    const call = span(`call${i}`, "root", atMs, durationMs, { name: "GetDriver", serviceName: "redis" });
    atMs += durationMs;
    return call;
  });
  return [span("root", undefined, 0, atMs + 1, { name: "dispatch" }), ...calls];
};

describe("operationStatistics", () => {
  it.each<[string, Span[], Summary]>([
    [
      "login: bcrypt first, with most of the critical path",
      TRACES.login,
      [
        ["auth-service", "bcrypt", 1, 70_000, 0.875],
        ["oauth-server", "POST /oauth2/token", 1, 8_000, 0.1],
        ["auth-service", "SELECT users", 1, 2_000, 0.025],
      ],
    ],
    [
      "missing parent: the tree that did not drive the trace has no critical time",
      TRACES["missing parent"],
      [
        ["api", "b", 1, 50_000, 50 / 70],
        ["api", "retry", 1, 20_000, 20 / 70],
        ["api", "root", 1, 0, 0],
        ["api", "a", 1, 0, 0],
      ],
    ],
    [
      "zero-duration trace: no share rather than NaN",
      TRACES["zero-duration trace"],
      [
        ["api", "a", 1, 0, 0],
        ["api", "root", 1, 0, 0],
      ],
    ],
    [
      "a repeated operation is one row",
      repeated([3, 1, 2]),
      [
        ["redis", "GetDriver", 3, 6_000, 0.75],
        ["api", "dispatch", 1, 2_000, 0.25],
      ],
    ],
  ])("%s", (_, spans, expected) => {
    expect(summary(statisticsOf(analysisTree(spans)))).toEqual(expected);
  });

  it("login: the full row of each operation", () => {
    expect(statisticsOf(analysisTree(TRACES.login))[1]).toEqual({
      service: "oauth-server",
      operation: "POST /oauth2/token",
      count: 1,
      totalUs: 80_000,
      selfUs: 8_000,
      avgUs: 80_000,
      minUs: 80_000,
      maxUs: 80_000,
      p95Us: 80_000,
      criticalUs: 8_000,
      criticalShare: 0.1,
    });
  });

  it("takes the nearest-rank p95 of twenty durations: the nineteenth", () => {
    const durationsMs = Array.from({ length: 20 }, (_, i) => 20 - i);
    const [calls] = statisticsOf(analysisTree(repeated(durationsMs)));
    expect(calls).toMatchObject({ count: 20, totalUs: 210_000, avgUs: 10_500, minUs: 1_000, maxUs: 20_000 });
    expect(calls?.p95Us).toBe(19_000);
    expect(calls?.selfUs).toBe(210_000);
  });

  it("sums HotROD's 13 serial GetDriver calls to the 192.4 ms their fixture's manifest gives", {
    tags: ["corpus"],
  }, () => {
    const tree = analysisTree(
      decodeOtlpJson(readFixture("jaeger/mcp-skills/n_plus_one_positive.json")).spans,
    );
    const getDriver = statisticsOf(tree).find((row) => row.operation === "GetDriver");
    expect(getDriver?.count).toBe(13);
    expect((getDriver?.totalUs ?? 0) / 1000).toBeCloseTo(192.4, 1);
    expect(getDriver?.p95Us).toBe(getDriver?.maxUs);
  });
});
