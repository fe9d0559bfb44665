import { describe, expect, it } from "vitest";
import { analysisTree, span, TRACES } from "../../test/analysis-traces";
import type { Span } from "../model/span";
import type { TraceTree } from "../trace/tree";
import { criticalPath } from "./critical-path";
import { type GroupStats, groupStatistics } from "./group-statistics";
import { selfTimes } from "./self-time";
import type { SpanDimension } from "./span-dimensions";
import { operationStatistics } from "./statistics";

function groupsOf(
  spans: Span[],
  by: SpanDimension,
  then?: SpanDimension,
  limits?: { groups: number; subgroups: number },
): GroupStats[] {
  const tree: TraceTree = analysisTree(spans);
  return groupStatistics(tree, selfTimes(tree), criticalPath(tree).criticalUs, by, then, limits);
}

/** Each row as "label count", a sub-group's indented under its group; "(no value)" and "N other" as shown. */
function outline(groups: GroupStats[], indent = ""): string[] {
  return groups.flatMap((group) => {
    const label =
      group.kind === "value"
        ? group.value
        : group.kind === "missing"
          ? "(no value)"
          : `${group.merged} other`;
    return [`${indent}${label} ${group.count}`, ...outline(group.subgroups, `${indent}  `)];
  });
}

/**
 * A checkout: a gateway's server span calling orders twice over HTTP, orders querying PostgreSQL
 * three times (one failing), and a cache call with no HTTP method. Times in ms after T0.
 */
const CHECKOUT: Span[] = [
  span("root", undefined, 0, 100, {
    name: "POST /checkout",
    serviceName: "gateway",
    attributes: { "http.method": "POST" },
    resource: { "host.name": "gw-1" },
  }),
  span("get", "root", 5, 30, {
    name: "GET /orders",
    serviceName: "orders",
    kind: "CLIENT",
    attributes: { "http.method": "GET" },
  }),
  span("put", "root", 40, 50, {
    name: "PUT /orders",
    serviceName: "orders",
    kind: "CLIENT",
    attributes: { "http.method": "PUT" },
  }),
  span("q1", "put", 45, 10, {
    name: "SELECT",
    serviceName: "orders",
    kind: "CLIENT",
    attributes: { "db.system": "postgresql" },
  }),
  span("q2", "put", 56, 10, {
    name: "SELECT",
    serviceName: "orders",
    kind: "CLIENT",
    attributes: { "db.system": "postgresql" },
  }),
  span("q3", "put", 67, 20, {
    name: "UPDATE",
    serviceName: "orders",
    kind: "CLIENT",
    status: { code: "ERROR" },
    attributes: { "db.system": "postgresql" },
  }),
  span("cache", "get", 10, 5, {
    name: "GET cart",
    serviceName: "redis",
    kind: "CLIENT",
    resource: { "host.name": "cache-1" },
  }),
];

describe("groupStatistics", () => {
  it.each<[string, SpanDimension, SpanDimension | undefined, string[]]>([
    ["by service, by total time", "service", undefined, ["orders 5", "gateway 1", "redis 1"]],
    [
      "by kind, then by a tag some spans lack",
      "kind",
      "tag:http.method",
      ["client 6", "  PUT 1", "  (no value) 4", "  GET 1", "server 1", "  POST 1"],
    ],
    [
      "by a tag, then by operation, equal totals in code-unit order",
      "tag:db.system",
      "operation",
      [
        "(no value) 4",
        "  POST /checkout 1",
        "  PUT /orders 1",
        "  GET /orders 1",
        "  GET cart 1",
        "postgresql 3",
        "  SELECT 2",
        "  UPDATE 1",
      ],
    ],
    ["by status, as the span details show it", "status", undefined, ["unset 6", "error 1"]],
    ["by a resource attribute", "tag:host.name", undefined, ["(no value) 5", "gw-1 1", "cache-1 1"]],
  ])("%s", (_, by, then, expected) => {
    expect(outline(groupsOf(CHECKOUT, by, then))).toEqual(expected);
  });

  it("sums a group's durations, self times, errors and critical path", () => {
    const [orders] = groupsOf(CHECKOUT, "service");
    expect(orders).toMatchObject({
      kind: "value",
      value: "orders",
      count: 5,
      totalUs: 120_000,
      // put's 50 ms less its three queries' 40; get's 30 less the cache's 5.
      selfUs: 10_000 + 25_000 + 40_000,
      minUs: 10_000,
      maxUs: 50_000,
      p95Us: 50_000,
      avgUs: 24_000,
      errors: 1,
    });
    expect(orders?.criticalShare).toBeGreaterThan(0);
  });

  it("prefers the span's attribute to its resource's under the same key", () => {
    const spans = [
      span("root", undefined, 0, 10, { attributes: { env: "canary" }, resource: { env: "prod" } }),
    ];
    expect(outline(groupsOf(spans, "tag:env"))).toEqual(["canary 1"]);
  });

  it("finds no prototype property under a key such as constructor", () => {
    expect(outline(groupsOf(CHECKOUT, "tag:constructor"))).toEqual(["(no value) 7"]);
  });

  it("merges the groups past the limit into one, by total time, and never merges just one", () => {
    const spans = [
      span("root", undefined, 0, 100, { name: "r" }),
      ...[50, 40, 30, 20, 10].map((ms, i) => span(`c${i}`, "root", 0, ms, { name: `op${i}` })),
    ];
    expect(outline(groupsOf(spans, "operation", undefined, { groups: 2, subgroups: 2 }))).toEqual([
      "r 1",
      "op0 1",
      "4 other 4",
    ]);
    expect(groupsOf(spans, "operation", undefined, { groups: 5, subgroups: 2 })).toHaveLength(6);
    const [, , other] = groupsOf(spans, "operation", "operation", { groups: 2, subgroups: 2 });
    expect(other).toMatchObject({
      kind: "other",
      merged: 4,
      count: 4,
      totalUs: 100_000,
      minUs: 10_000,
      maxUs: 40_000,
    });
    expect(outline(other?.subgroups ?? [])).toEqual(["op1 1", "op2 1", "2 other 2"]);
  });

  it("gives by service, then by operation, the per-operation statistics' numbers", () => {
    const tree = analysisTree(CHECKOUT);
    const self = selfTimes(tree);
    const critical = criticalPath(tree).criticalUs;
    const flat = groupStatistics(tree, self, critical, "service", "operation").flatMap((group) =>
      group.subgroups.map(({ value, count, totalUs, selfUs, p95Us, criticalUs, criticalShare }) => ({
        service: group.value,
        operation: value,
        count,
        totalUs,
        selfUs,
        p95Us,
        criticalUs,
        criticalShare,
      })),
    );
    const operations = operationStatistics(tree, self, critical).map(
      ({ service, operation, count, totalUs, selfUs, p95Us, criticalUs, criticalShare }) => ({
        service,
        operation,
        count,
        totalUs,
        selfUs,
        p95Us,
        criticalUs,
        criticalShare,
      }),
    );
    const byName = (a: { service?: string; operation?: string }, b: typeof a) =>
      `${a.service} ${a.operation}`.localeCompare(`${b.service} ${b.operation}`);
    expect(flat.sort(byName)).toEqual(operations.sort(byName));
  });

  it.each(Object.entries(TRACES))("%s: every span in one group, one sub-group", (_, spans) => {
    const groups = groupsOf(spans, "service", "kind");
    expect(groups.reduce((sum, group) => sum + group.count, 0)).toBe(spans.length);
    for (const group of groups) {
      expect(group.subgroups.reduce((sum, sub) => sum + sub.count, 0)).toBe(group.count);
    }
  });

  it("has no groups for no spans", () => {
    expect(groupsOf([], "service", "kind")).toEqual([]);
  });
});
