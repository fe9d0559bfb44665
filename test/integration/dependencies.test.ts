import { describe, expect, it } from "vitest";
import { baseUrl, postSpans, uniqueTraceId } from "./helpers";

/**
 * The dependency graph through all three APIs, from spans stored through the Zipkin API. Links are
 * derived a second after a trace's last span (TRACELIGHT_LINK_DELAY in test/test-server.ts): the
 * tests wait for them. Service names are each test's own.
 */
const NOW_US = Date.now() * 1000;

interface ZipkinLink {
  parent: string;
  child: string;
  callCount: number;
  errorCount?: number;
}

async function zipkinLinks(among: string[]): Promise<ZipkinLink[]> {
  const response = await fetch(`${baseUrl()}/api/v2/dependencies?endTs=${Date.now()}&lookback=3600000`);
  expect(response.status).toBe(200);
  const links = (await response.json()) as ZipkinLink[];
  return links.filter((link) => among.includes(link.parent) || among.includes(link.child));
}

/** The links touching these nodes, once `expected` of them are there (or after 15 s). */
async function linksOnce(among: string[], expected: number): Promise<ZipkinLink[]> {
  for (let waited = 0; waited < 15_000; waited += 250) {
    const links = await zipkinLinks(among);
    if (links.length >= expected) return links;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return zipkinLinks(among);
}

function names(prefix: string) {
  const run = uniqueTraceId().slice(-6);
  return { front: `${prefix}front-${run}`, api: `${prefix}api-${run}`, db: `${prefix}postgres-${run}` };
}

/** front → api → a database the api calls without instrumenting it, the query failing. */
function chain(traceId: string, { front, api, db }: ReturnType<typeof names>) {
  return {
    front: [
      {
        traceId,
        id: "00000000000000a1",
        kind: "SERVER",
        name: "get /",
        timestamp: NOW_US - 5_000_000,
        duration: 90_000,
        localEndpoint: { serviceName: front },
      },
      {
        traceId,
        parentId: "00000000000000a1",
        id: "00000000000000a2",
        kind: "CLIENT",
        name: "get /api",
        timestamp: NOW_US - 4_990_000,
        duration: 70_000,
        localEndpoint: { serviceName: front },
      },
    ],
    api: [
      {
        traceId,
        parentId: "00000000000000a1",
        id: "00000000000000a2",
        kind: "SERVER",
        shared: true,
        name: "get /api",
        timestamp: NOW_US - 4_985_000,
        duration: 60_000,
        localEndpoint: { serviceName: api },
      },
      {
        traceId,
        parentId: "00000000000000a2",
        id: "00000000000000a3",
        kind: "CLIENT",
        name: "select",
        timestamp: NOW_US - 4_980_000,
        duration: 30_000,
        localEndpoint: { serviceName: api },
        remoteEndpoint: { serviceName: db },
        tags: { error: "deadlock detected" },
      },
    ],
  };
}

describe("the dependency graph", () => {
  it("links a three-service chain with a failing database call, through Zipkin's, Jaeger's and Tracelight's APIs", async () => {
    const nodes = names("");
    const spans = chain(uniqueTraceId(), nodes);
    expect((await postSpans([...spans.front, ...spans.api])).status).toBe(202);

    expect(await linksOnce([nodes.front, nodes.api, nodes.db], 2)).toEqual([
      { parent: nodes.api, child: nodes.db, callCount: 1, errorCount: 1 },
      { parent: nodes.front, child: nodes.api, callCount: 1 },
    ]);

    const jaeger = (await (
      await fetch(`${baseUrl()}/api/dependencies?endTs=${Date.now()}&lookback=3600000`)
    ).json()) as {
      data: { parent: string; child: string; callCount: number }[];
    };
    expect(jaeger.data).toContainEqual({ parent: nodes.api, child: nodes.db, callCount: 1 });
    expect(jaeger.data).toContainEqual({ parent: nodes.front, child: nodes.api, callCount: 1 });

    const graph = (await (await fetch(`${baseUrl()}/api/graph?lookback=1h`)).json()) as {
      nodes: { name: string; kind: string; calls: number; errors: number }[];
      links: { parent: string; child: string; calls: number; errors: number; p99Us: number }[];
    };
    expect(graph.nodes).toContainEqual({ name: nodes.db, kind: "service", calls: 1, errors: 1 });
    const dbLink = graph.links.find((link) => link.child === nodes.db);
    expect(dbLink).toMatchObject({ parent: nodes.api, calls: 1, errors: 1 });
    expect(dbLink?.p99Us).toBeGreaterThanOrEqual(30_000);
  });

  it("counts a trace once when its spans come in several requests, before and after its links were made", async () => {
    const nodes = names("split-");
    const traceId = uniqueTraceId();
    const spans = chain(traceId, nodes);
    expect((await postSpans(spans.front)).status).toBe(202);
    expect((await postSpans(spans.api)).status).toBe(202);
    expect(await linksOnce([nodes.front], 1)).toHaveLength(1);
    expect(await linksOnce([nodes.front, nodes.db], 2)).toEqual([
      { parent: nodes.api, child: nodes.db, callCount: 1, errorCount: 1 },
      { parent: nodes.front, child: nodes.api, callCount: 1 },
    ]);
    // A late span of the same trace: the trace is derived again, its share replaced, not added.
    const late = { ...spans.api[1], id: "00000000000000a4", name: "select again" };
    expect((await postSpans([late])).status).toBe(202);
    // Until the second derivation lands: counted twice would show as front → api 2.
    await expect
      .poll(() => zipkinLinks([nodes.front, nodes.db]), { timeout: 15_000, interval: 250 })
      .toEqual([
        { parent: nodes.api, child: nodes.db, callCount: 2, errorCount: 2 },
        { parent: nodes.front, child: nodes.api, callCount: 1 },
      ]);
  });

  it("links messaging through its broker: producer → broker → consumer", async () => {
    const run = uniqueTraceId().slice(-6);
    const [shop, kafka, mailer] = [`shop-${run}`, `kafka-${run}`, `mailer-${run}`];
    const traceId = uniqueTraceId();
    const response = await postSpans([
      {
        traceId,
        id: "00000000000000b1",
        kind: "PRODUCER",
        name: "send order",
        timestamp: NOW_US - 3_000_000,
        duration: 1_000,
        localEndpoint: { serviceName: shop },
        remoteEndpoint: { serviceName: kafka },
      },
      {
        traceId,
        parentId: "00000000000000b1",
        id: "00000000000000b2",
        kind: "CONSUMER",
        name: "on order",
        timestamp: NOW_US - 2_900_000,
        duration: 5_000,
        localEndpoint: { serviceName: mailer },
        remoteEndpoint: { serviceName: kafka },
      },
    ]);
    expect(response.status).toBe(202);
    expect(await linksOnce([shop, mailer], 2)).toEqual([
      { parent: kafka, child: mailer, callCount: 1 },
      { parent: shop, child: kafka, callCount: 1 },
    ]);
  });

  it("refuses a window it cannot read with a 400 in each API", async () => {
    expect((await fetch(`${baseUrl()}/api/v2/dependencies`)).status).toBe(400);
    expect((await fetch(`${baseUrl()}/api/dependencies?lookback=-1`)).status).toBe(400);
    expect((await fetch(`${baseUrl()}/api/graph?lookback=soon`)).status).toBe(400);
  });
});
