import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OVERFLOW_NAME, type ServiceMetricsPage } from "../../lib/api/service-metrics";
import { startTestServer, type TestServer } from "../test-server";

/**
 * Bounded names (README: "Bounded names"), on a server of its own with low caps: 100,000 distinct
 * services in four requests, one service with more operations than its cap, one tag key with more
 * values than its cap. The lists hold the caps, /metrics counts the rest, a capped service's spans are
 * found by its exact name, /services pages what it shows and counts the overflow, and the search
 * form's names endpoint answers a prefix with 100,000 names stored.
 */
const PORT = 3231;
const MAX_SERVICES = 1000;
const MAX_OPERATIONS = 5;
const MAX_VALUES = 10;
const SERVICES = 100_000;
const REQUESTS = 4;
const NOW_US = Date.now() * 1000;

let server: TestServer;
const get = async <T>(path: string): Promise<{ status: number; body: T; ms: number }> => {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}${path}`);
  const body = (await response.json()) as T;
  return { status: response.status, body, ms: performance.now() - started };
};

const serviceName = (i: number) => `svc-${i.toString().padStart(6, "0")}`;
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
/** 128 bits whatever `n`: an id whose upper half is zero would be kept as its 64-bit form. */
const traceId = (n: number) => `1${hex(n, 31)}`;

function span(i: number, service: string, name: string, tags: Record<string, string> = {}) {
  return {
    traceId: traceId(i + 1),
    id: hex(i + 1, 16),
    kind: "SERVER",
    name,
    timestamp: NOW_US - 60_000_000,
    duration: 1000,
    localEndpoint: { serviceName: service },
    tags,
  };
}

async function post(spans: unknown[]): Promise<void> {
  const response = await fetch(`${server.baseUrl}/api/v2/spans`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spans),
  });
  expect(response.status).toBe(202);
}

async function capped(): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const [, kind, value] of text.matchAll(
    /^tracelight_cardinality_capped_total\{kind="(\w+)"\} (\d+)$/gm,
  )) {
    counts[kind as string] = Number(value);
  }
  return counts;
}

async function sql<Row extends pg.QueryResultRow>(text: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(text)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  server = await startTestServer(PORT, {
    peerPorts: false,
    env: {
      TRACELIGHT_MAX_SERVICES: String(MAX_SERVICES),
      TRACELIGHT_MAX_OPERATIONS_PER_SERVICE: String(MAX_OPERATIONS),
      TRACELIGHT_MAX_AUTOCOMPLETE_VALUES: String(MAX_VALUES),
    },
  });
  const perRequest = SERVICES / REQUESTS;
  const started = performance.now();
  for (let r = 0; r < REQUESTS; r++) {
    await post(
      Array.from({ length: perRequest }, (_, j) =>
        span(r * perRequest + j, serviceName(r * perRequest + j), "get /"),
      ),
    );
  }
  console.log(
    `${SERVICES} new services in ${REQUESTS} requests: ${Math.round(performance.now() - started)} ms`,
  );
  // svc-000000, listed, calls 20 operations; its routes hold 20 values of an autocomplete key.
  await post(
    Array.from({ length: 20 }, (_, j) =>
      span(SERVICES + j, serviceName(0), `get /item/${j}`, { "http.route": `/item/${j}` }),
    ),
  );
}, 120_000);

afterAll(async () => server?.stop());

describe("past the caps", () => {
  it("lists at most the caps, and counts what they left out", async () => {
    const services = await get<string[]>("/api/v2/services");
    expect(services.body).toHaveLength(MAX_SERVICES);
    expect(services.body.at(-1)).toBe(serviceName(MAX_SERVICES - 1));
    expect((await get<{ data: string[] }>("/api/services")).body.data).toHaveLength(MAX_SERVICES);

    const operations = await get<string[]>(`/api/v2/spans?serviceName=${serviceName(0)}`);
    expect(operations.body).toHaveLength(MAX_OPERATIONS);
    const values = await get<string[]>("/api/v2/autocompleteValues?key=http.route");
    expect(values.body).toHaveLength(MAX_VALUES);

    expect(await capped()).toMatchObject({
      service: SERVICES - MAX_SERVICES,
      // get / was listed first: 4 of the 20 new operations fit.
      operation: 20 - (MAX_OPERATIONS - 1),
      autocomplete_value: 20 - MAX_VALUES,
    });
  });

  it("stores a capped service's spans, found by its exact name", async () => {
    const name = serviceName(SERVICES - 1);
    expect((await get<{ names: string[] }>(`/api/names/services?q=${name}`)).body.names).toEqual([]);
    const search = await get<{ traces: { traceId: string }[] }>(`/api/search?service=${name}&lookback=1h`);
    expect(search.body.traces.map((trace) => trace.traceId)).toEqual([traceId(SERVICES)]);
    // Zipkin matches names whatever their case through the list; a name not listed is matched as sent.
    const zipkin = await get<{ traceId: string }[][]>(`/api/v2/traces?serviceName=${name}&lookback=3600000`);
    expect(zipkin.body.map((trace) => trace[0]?.traceId)).toEqual([traceId(SERVICES)]);
  });

  it("counts the calls past the caps under the other services and operations, a page at a time", async () => {
    const first = await get<ServiceMetricsPage>("/api/services/metrics?lookback=1h");
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(MAX_SERVICES + 1);
    expect(first.body.services).toHaveLength(20);
    // By calls: the other services' 99,000 (one call each) first, then svc-000000's 21.
    const [other, busiest] = first.body.services;
    expect(other).toMatchObject({
      service: OVERFLOW_NAME,
      calls: SERVICES - MAX_SERVICES,
      operationCount: 1,
    });
    expect(busiest).toMatchObject({ service: serviceName(0), calls: 21, operationCount: MAX_OPERATIONS + 1 });
    const overflow = busiest?.operations.find((op) => op.name === OVERFLOW_NAME);
    expect(overflow?.calls).toBe(20 - (MAX_OPERATIONS - 1));

    const third = await get<ServiceMetricsPage>(
      "/api/services/metrics?lookback=1h&sort=name&offset=40&limit=20",
    );
    expect(third.body).toMatchObject({ total: MAX_SERVICES + 1, offset: 40, limit: 20 });
    const names = third.body.services.map((service) => service.service);
    expect(names).toHaveLength(20);
    expect(names).toEqual([...names].sort());

    const own = await get<ServiceMetricsPage>(
      `/api/services/metrics?lookback=1h&service=${serviceName(0)}&limit=2`,
    );
    expect(own.body.total).toBe(MAX_OPERATIONS + 1);
    expect(own.body.services[0]?.operations).toHaveLength(2);
  });
});

describe("the search form's names with 100,000 services stored", () => {
  beforeAll(async () => {
    // The ingest above stopped at the cap: the rest of 100,000 names go straight into the list.
    await sql(
      `INSERT INTO services SELECT 'svc-' || lpad(i::text, 6, '0') FROM generate_series(${MAX_SERVICES}, ${SERVICES - 1}) i;
       ANALYZE services`,
    );
  });

  it("answers a prefix, a substring and no match quickly", async () => {
    expect((await sql<{ n: number }>("SELECT count(*)::int AS n FROM services"))[0]?.n).toBe(SERVICES);
    const cases = [
      { q: "SVC-0421", first: ["svc-042100", "svc-042101"] },
      { q: "4210", first: ["svc-004210", "svc-014210"] },
      { q: "nothing-like-it", first: [] },
    ];
    for (const { q, first } of cases) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const answer = await get<{ names: string[] }>(`/api/names/services?q=${q}&limit=10`);
        expect(answer.status).toBe(200);
        expect(answer.body.names.slice(0, 2)).toEqual(first);
        times.push(answer.ms);
      }
      times.sort((a, b) => a - b);
      console.log(`names q=${q}: median ${times[2]?.toFixed(1)} ms`);
      expect(times[2]).toBeLessThan(200);
    }
  });
});
