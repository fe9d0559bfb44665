import { beforeAll, describe, expect, it } from "vitest";
import { type AttributeDiff, attributeDiffSchema } from "../../lib/api/attribute-diff";
import { baseUrl, uniqueTraceId } from "./helpers";

/**
 * `GET /api/attribute-diff` on generated OTLP JSON traces of one service: 10 slow ones (2 s) that
 * run version 2.1, in region eu, with large payloads, and 30 fast ones (50 ms) that run 1.9, half in
 * eu, with small payloads; all of them hit the cache, and half of each group are tier gold.
 */
const SERVICE = `diff-${uniqueTraceId().slice(-8)}`;
const OPERATION = "GET /checkout";
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const SLOW = 10;
const FAST = 30;

const slowIds = Array.from({ length: SLOW }, () => uniqueTraceId());
const fastIds = Array.from({ length: FAST }, () => uniqueTraceId());

const text = (key: string, value: string) => ({ key, value: { stringValue: value } });

function trace(traceId: string, index: number, slow: boolean) {
  const startNs = NOW_NS - 600_000_000_000n + BigInt(index) * 1_000_000_000n;
  const durationNs = slow ? 2_000_000_000n : 50_000_000n;
  const span = (
    spanId: string,
    name: string,
    kind: number,
    attributes: unknown[],
    parentSpanId?: string,
  ) => ({
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    kind,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + durationNs - (parentSpanId ? 1_000_000n : 0n)),
    attributes,
    status: {},
  });
  return {
    resource: {
      attributes: [text("service.name", SERVICE), text("service.version", slow ? "2.1" : "1.9")],
    },
    scopeSpans: [
      {
        spans: [
          span("00000000000000a1", OPERATION, 2, [
            text("region", slow || index % 2 === 0 ? "eu" : "us"),
            text("cache", "hit"),
            text("tier", index % 2 === 0 ? "gold" : "silver"),
            { key: "payload.bytes", value: { intValue: slow ? "5000" : "100" } },
            text("request.id", `${traceId}-request`),
          ]),
          span("00000000000000a2", "SELECT orders", 3, [text("db.system", "postgresql")], "00000000000000a1"),
        ],
      },
    ],
  };
}

beforeAll(async () => {
  const resourceSpans = [
    ...slowIds.map((id, i) => trace(id, i, true)),
    ...fastIds.map((id, i) => trace(id, i, false)),
  ];
  const response = await fetch(`${baseUrl()}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ resourceSpans }),
  });
  expect(response.status, await response.text()).toBeLessThan(300);
});

async function diff(params: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl()}/api/attribute-diff?${new URLSearchParams(params)}`);
  return { status: response.status, body: await response.json() };
}

async function answer(params: Record<string, string>): Promise<AttributeDiff> {
  const { status, body } = await diff({ service: SERVICE, ...params });
  expect(status, JSON.stringify(body)).toBe(200);
  return attributeDiffSchema.parse(body);
}

const named = (entry: { key: string; value: string }) => `${entry.key}=${entry.value}`;

describe("GET /api/attribute-diff", () => {
  it.each([
    ["the slow traces", { slowerThan: "1s" }],
    ["the slow traces by id", { traceIds: slowIds.join(",") }],
    ["the slow spans of the operation", { slowerThan: "1s", scope: "span", operation: OPERATION }],
  ])(
    "ranks the attributes that tell %s apart first, those that do not never on top",
    async (_name, params) => {
      const found = await answer(params);
      expect(found).toMatchObject({
        selectionCount: SLOW,
        baselineCount: FAST,
        sampled: false,
        populationCount: 40,
      });
      const top = found.attributes.slice(0, 3).map(named);
      expect(top.slice(0, 2).sort()).toEqual(["payload.bytes=4096–8192", "service.version=2.1"]);
      expect(top[2]).toBe("region=eu");
      expect(found.attributes[0]).toMatchObject({ selection: 1, baseline: 0 });
      const version = found.attributes.find((entry) => entry.key === "service.version");
      expect(version).toMatchObject({ source: "resource", tag: "service.version=2.1" });
      const cache = found.attributes.find((entry) => named(entry) === "cache=hit");
      expect(cache).toMatchObject({ selection: 1, baseline: 1, tag: "cache=hit" });
      for (const equal of ["cache=hit", "tier=gold", "tier=silver", "kind=SERVER"]) {
        const rank = found.attributes.findIndex((entry) => named(entry) === equal);
        expect(rank, equal).toBeGreaterThan(2);
      }
      expect(found.attributes.some((entry) => entry.key === "request.id")).toBe(false);
    },
  );

  it("answers an empty selection with counts, not an error", async () => {
    const found = await answer({ errors: "true" });
    expect(found).toEqual({
      scope: "trace",
      selectionCount: 0,
      baselineCount: SLOW + FAST,
      sampled: false,
      populationCount: SLOW + FAST,
      attributes: [],
    });
  });

  it("answers an empty baseline with the selection's values and baseline fractions of 0", async () => {
    const found = await answer({ slowerThan: "1ms" });
    expect(found).toMatchObject({ selectionCount: SLOW + FAST, baselineCount: 0 });
    expect(found.attributes.every((entry) => entry.baseline === 0)).toBe(true);
  });

  it("answers an empty population with zeros", async () => {
    expect(await answer({ slowerThan: "1s", operation: "no such operation" })).toMatchObject({
      selectionCount: 0,
      baselineCount: 0,
      populationCount: 0,
      attributes: [],
    });
  });

  it.each([
    ["no selection", {}, "a selection is required"],
    ["two selections", { slowerThan: "1s", errors: "true" }, "expected one selection"],
    ["a bad duration", { slowerThan: "slow" }, "slowerThan: expected a duration"],
    ["scope=span without an operation", { slowerThan: "1s", scope: "span" }, "give operation too"],
    ["a bad trace id", { traceIds: "nope" }, "traceIds"],
  ])("refuses %s with a 400 saying why", async (_name, params, message) => {
    const { status, body } = await diff({ service: SERVICE, ...params });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain(message);
  });
});
