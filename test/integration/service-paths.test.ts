import { describe, expect, it } from "vitest";
import type { ServicePaths } from "../../lib/api/service-paths";
import { baseUrl, postSpans, query, uniqueTraceId } from "./helpers";

/**
 * The call paths through a service, from spans stored through the Zipkin API: paths are derived with
 * the trace's links a second after its last span (TRACELIGHT_LINK_DELAY in test/test-server.ts), so
 * the tests poll for them. Service names are each test's own.
 */
const NOW_US = Date.now() * 1000;

function names() {
  const run = uniqueTraceId().slice(-6);
  return { a: `front-${run}`, b: `api-${run}`, c: `users-${run}`, d: `orders-${run}` };
}

/** A (SERVER) → B, which calls C and D; each call instrumented on both sides. */
function fanOut(traceId: string, { a, b, c, d }: ReturnType<typeof names>) {
  const at = (offsetUs: number) => NOW_US - 5_000_000 + offsetUs;
  const server = (
    id: string,
    parentId: string | undefined,
    service: string,
    name: string,
    offsetUs: number,
  ) => ({
    traceId,
    id,
    ...(parentId ? { parentId } : {}),
    kind: "SERVER",
    name,
    timestamp: at(offsetUs),
    duration: 10_000,
    localEndpoint: { serviceName: service },
  });
  const client = (id: string, parentId: string, service: string, name: string, offsetUs: number) => ({
    ...server(id, parentId, service, name, offsetUs),
    kind: "CLIENT",
  });
  return {
    ab: [
      server("00000000000000a1", undefined, a, "get /", 0),
      client("00000000000000a2", "00000000000000a1", a, "call api", 100),
      server("00000000000000a3", "00000000000000a2", b, "get /api", 200),
    ],
    cd: [
      client("00000000000000a4", "00000000000000a3", b, "call users", 300),
      server("00000000000000a5", "00000000000000a4", c, "get /users", 400),
      client("00000000000000a6", "00000000000000a3", b, "call orders", 500),
      server("00000000000000a7", "00000000000000a6", d, "get /orders", 600),
    ],
  };
}

async function pathsThrough(params: Record<string, string>): Promise<ServicePaths> {
  const response = await fetch(`${baseUrl()}/api/services/paths?${new URLSearchParams(params)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ServicePaths;
}

/** Each path as "upstream > [focus] > downstream: traces", services only. */
const described = ({ paths }: ServicePaths) =>
  paths.map(
    ({ upstream, focus, downstream, traces }) =>
      `${[...upstream.map((hop) => hop.service), `[${focus.service}]`, ...downstream.map((hop) => hop.service)].join(" > ")}: ${traces}`,
  );

const poll = { timeout: 15_000, interval: 250 };

describe("the call paths through a service", () => {
  it("gives each distinct path through the service with the traces that took it", async () => {
    const n = names();
    for (let i = 0; i < 2; i++) {
      const spans = fanOut(uniqueTraceId(), n);
      expect((await postSpans([...spans.ab, ...spans.cd])).status).toBe(202);
    }

    await expect
      .poll(async () => described(await pathsThrough({ service: n.b, lookback: "1h" })).sort(), poll)
      .toEqual([`${n.a} > [${n.b}] > ${n.c}: 2`, `${n.a} > [${n.b}] > ${n.d}: 2`].sort());
    const answer = await pathsThrough({ service: n.b, lookback: "1h" });
    expect(answer).toMatchObject({ service: n.b, operation: null, more: 0, operations: ["get /api"] });
    expect(answer.paths[0]?.focus).toEqual({ service: n.b, operation: "get /api" });
    expect(answer.paths[0]?.upstream).toEqual([{ service: n.a, operation: "get /" }]);

    // Upstream of the leaf C, only the path that reaches it; at its root, both paths downstream.
    expect(described(await pathsThrough({ service: n.c, lookback: "1h" }))).toEqual([
      `${n.a} > ${n.b} > [${n.c}]: 2`,
    ]);
    expect(described(await pathsThrough({ service: n.a, operation: "get /", lookback: "1h" }))).toHaveLength(
      2,
    );
    expect((await pathsThrough({ service: n.b, operation: "other", lookback: "1h" })).paths).toEqual([]);

    const one = await pathsThrough({ service: n.b, lookback: "1h", limit: "1" });
    expect(one.paths).toHaveLength(1);
    expect(one.more).toBe(1);
  });

  it("counts a trace once when its spans come in several requests, before and after its paths were made", async () => {
    const n = names();
    const traceId = uniqueTraceId();
    const spans = fanOut(traceId, n);
    expect((await postSpans(spans.ab)).status).toBe(202);
    await expect
      .poll(async () => described(await pathsThrough({ service: n.b, lookback: "1h" })), poll)
      .toEqual([`${n.a} > [${n.b}]: 1`]);

    expect((await postSpans(spans.cd)).status).toBe(202);
    // Derived again: the trace's path A > B is replaced by its two longer paths, each counted once.
    await expect
      .poll(async () => described(await pathsThrough({ service: n.b, lookback: "1h" })).sort(), poll)
      .toEqual([`${n.a} > [${n.b}] > ${n.c}: 1`, `${n.a} > [${n.b}] > ${n.d}: 1`].sort());
    const [stored] = await query<{ n: number }>(
      "SELECT count(*)::int AS n FROM trace_paths WHERE trace_id = $1",
      [traceId],
    );
    expect(stored?.n).toBe(2);
  });

  it("refuses what it cannot read with a 400 naming the parameter", async () => {
    const refused = async (params: string) => {
      const response = await fetch(`${baseUrl()}/api/services/paths?${params}`);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: string }).error;
    };
    expect(await refused("lookback=1h")).toMatch(/^service/);
    expect(await refused("service=api&limit=0")).toMatch(/^limit/);
    expect(await refused("service=api&lookback=soon")).toMatch(/lookback/);
  });
});
