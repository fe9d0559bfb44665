import { describe, expect, it } from "vitest";
import { analysisTree, LOGIN } from "../../test/analysis-traces";
import { countsOf, operationKey } from "../services/histogram";
import { analyseTrace } from "./trace-analysis";

const MS = 1_000;
const tree = analysisTree(LOGIN);
/** bcrypt's usual calls, 2–3 ms, plus this trace's own 70 ms one, as the store holds them. */
const history = new Map([
  [
    operationKey("auth-service", "bcrypt"),
    countsOf([...Array.from({ length: 40 }, (_, i) => 2 * MS + i * 25), 70 * MS]),
  ],
]);

describe("analyseTrace", () => {
  it("answers the login trace: bcrypt on the critical path, far slower than usual, named with the 409", () => {
    const analysis = analyseTrace(tree, history);
    const bcrypt = analysis.spans.bcrypt;
    expect(bcrypt?.criticalTimeUs).toBeGreaterThanOrEqual(65 * MS);
    expect(analysis.spans.login?.selfTimeUs).toBeCloseTo(8 * MS, -2);
    expect(bcrypt?.anomalous).toBe(true);
    expect(bcrypt?.baseline?.count).toBe(40);
    expect(bcrypt?.percentile).toBe(1);
    expect(analysis.summary).toMatch(/409/);
    expect(analysis.summary).toMatch(/bcrypt \(auth-service\), \d+× its usual p99/);
    expect(analysis.errorRoot).toBe("login");
    expect(analysis.criticalPath.map((segment) => segment.spanId)).toEqual([
      "login",
      "bcrypt",
      "login",
      "select",
      "login",
    ]);
    expect(analysis.statistics.map((row) => row.operation)).toContain("bcrypt");
  });

  it("says nothing of history an operation does not have, and never compares a span with itself", () => {
    const alone = analyseTrace(
      tree,
      new Map([[operationKey("auth-service", "bcrypt"), countsOf([70 * MS])]]),
    );
    expect(alone.spans.bcrypt).toMatchObject({ percentile: null, baseline: null, anomalous: false });
    expect(alone.spans.select).toMatchObject({ percentile: null, baseline: null, anomalous: false });
  });
});
