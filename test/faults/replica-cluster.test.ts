import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/net/free-port";
import { postgresReplicationBinaries, type ReplicaCluster, startReplicaCluster } from "../replica-cluster";
import { startTestServer, type TestServer } from "../test-server";
import {
  chainTrace,
  metricSum,
  newTraceId,
  pollUntil,
  runServices,
  SPANS_PER_TRACE,
  type ZipkinSpan,
} from "./instances";

/**
 * The topology docs/scaling.md describes, run for real: a PostgreSQL primary and its streaming
 * replica (test/replica-cluster.ts), and on them four Tracelight instances with different roles:
 *
 *   ingest-a     TRACELIGHT_ROLE=ingest        primary   takes spans, never leads the jobs
 *   ingest-b     TRACELIGHT_ROLE=all           primary   takes spans, competes to lead
 *   maintenance  TRACELIGHT_ROLE=maintenance   primary   competes to lead, takes no spans
 *   query        TRACELIGHT_ROLE=query         replica   reads only, as a role that can only read
 *
 * Two take spans (some traces half through each), one reads everything they took once the replica
 * has replayed it; the jobs (link derivation, retention) run on one leader, and on another when the
 * leader is killed.
 */
const binDir = postgresReplicationBinaries();
const RUN = Date.now().toString(16).slice(-8);
const services = runServices(RUN);
const NOW_US = Date.now() * 1000;
const DAY_US = 86_400_000_000;
/** Every job every second, links a second after a trace's last span: the test waits for them. */
const ENV = { TRACELIGHT_MAINTENANCE_INTERVAL: "1s", TRACELIGHT_LINK_DELAY: "1s" };

interface Instance {
  name: string;
  server: TestServer;
}

async function start(name: string, role: string, databaseUrl: string): Promise<Instance> {
  const server = await startTestServer(await freePort(), {
    env: { ...ENV, TRACELIGHT_ROLE: role },
    peerPorts: false,
    databaseUrl,
  });
  return { name, server };
}

function post(instance: Instance, spans: ZipkinSpan[]): Promise<Response> {
  return fetch(`${instance.server.baseUrl}/api/v2/spans`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spans),
  });
}

async function getJson<T>(instance: Instance, path: string): Promise<T> {
  const response = await fetch(`${instance.server.baseUrl}${path}`);
  if (!response.ok) throw new Error(`${instance.name} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function metrics(instance: Instance): Promise<string> {
  const response = await fetch(`${instance.server.baseUrl}/metrics`);
  expect(response.status, `${instance.name} /metrics`).toBe(200);
  return response.text();
}

/** Not exited: one killed by a signal has a signalCode and no exitCode. */
const running = (instance: Instance) =>
  instance.server.child.exitCode === null && instance.server.child.signalCode === null;

/** Each live instance's `tracelight_leader` gauge, by name. */
async function leaders(instances: Instance[]): Promise<Record<string, number>> {
  const live = instances.filter(running);
  const texts = await Promise.all(live.map(metrics));
  return Object.fromEntries(
    live.map((instance, i) => [instance.name, metricSum(texts[i] ?? "", "tracelight_leader")]),
  );
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

/** The query instance's dependency links among this run's services, as Jaeger's API answers them. */
async function links(query: Instance): Promise<Record<string, number>> {
  const { data } = await getJson<{ data: { parent: string; child: string; callCount: number }[] }>(
    query,
    `/api/dependencies?endTs=${Date.now()}&lookback=3600000`,
  );
  return Object.fromEntries(
    data
      .filter((link) => Object.values(services).includes(link.parent))
      .map((link) => [`${link.parent} > ${link.child}`, link.callCount]),
  );
}

const FRONT_API = `${services.front} > ${services.api}`;
const API_DB = `${services.api} > ${services.db}`;

describe.skipIf(binDir === undefined)("instances on a primary and its streaming replica", () => {
  let cluster: ReplicaCluster;
  const instances: Instance[] = [];
  let ingestA: Instance;
  let ingestB: Instance;
  let query: Instance;
  const traceIds: string[] = [];

  beforeAll(async () => {
    cluster = await startReplicaCluster(binDir as string);
    const started = await Promise.allSettled([
      start("ingest-a", "ingest", cluster.primaryUrl),
      start("ingest-b", "all", cluster.primaryUrl),
      start("maintenance", "maintenance", cluster.primaryUrl),
      start("query", "query", cluster.replicaReaderUrl),
    ]);
    for (const result of started) if (result.status === "fulfilled") instances.push(result.value);
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    [ingestA, ingestB, , query] = instances as [Instance, Instance, Instance, Instance];
  });

  afterAll(async () => {
    // The clusters go whatever the instances do: nothing else would ever stop them.
    try {
      await Promise.allSettled(instances.map((instance) => instance.server.stop()));
    } finally {
      await cluster?.remove();
    }
  });

  it("refuses spans on the query instance, naming its role", async () => {
    const response = await post(query, chainTrace(newTraceId(RUN), services, NOW_US).front);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("query");
  });

  it("reads every span sent through either ingest instance once, from the replica", async () => {
    // Two traces whole through each instance, two split: front's half through one, api's through the other.
    const sent: Record<string, ZipkinSpan[]> = { a: [], b: [] };
    for (const [i, route] of ["aa", "aa", "bb", "bb", "ab", "ab"].entries()) {
      const traceId = newTraceId(RUN);
      traceIds.push(traceId);
      const trace = chainTrace(traceId, services, NOW_US - 60_000_000 + i * 1_000_000);
      sent[route[0] as "a" | "b"]?.push(...trace.front);
      sent[route[1] as "a" | "b"]?.push(...trace.api);
    }
    expect((await post(ingestA, sent.a ?? [])).status).toBe(202);
    expect((await post(ingestB, sent.b ?? [])).status).toBe(202);
    await cluster.waitForReplay();

    const { traces } = await getJson<{ traces: { traceId: string; spanCount: number }[] }>(
      query,
      `/api/search?service=${services.front}&lookback=1h&limit=100`,
    );
    expect(Object.fromEntries(traces.map((trace) => [trace.traceId, trace.spanCount]))).toEqual(
      Object.fromEntries(traceIds.map((id) => [id, SPANS_PER_TRACE])),
    );
    for (const traceId of traceIds) {
      const { data } = await getJson<{ data: { spans: { spanID: string }[] }[] }>(
        query,
        `/api/traces/${traceId}`,
      );
      const spanIds = data[0]?.spans.map((span) => span.spanID) ?? [];
      expect(spanIds.length, traceId).toBe(SPANS_PER_TRACE);
      expect(new Set(spanIds).size, traceId).toBe(SPANS_PER_TRACE);
    }
  });

  it("derives each call's dependency link once", async () => {
    const expected = { [FRONT_API]: traceIds.length, [API_DB]: traceIds.length };
    // Derived by the leader a second after each trace's last span, then replayed.
    await pollUntil(
      async () => {
        await cluster.waitForReplay();
        return links(query);
      },
      (seen) => (seen[FRONT_API] ?? 0) >= traceIds.length && (seen[API_DB] ?? 0) >= traceIds.length,
      30_000,
      "links of every trace on the query instance",
    );
    // Another round of every job on every instance, then the same counts: none derived twice.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await cluster.waitForReplay();
    expect(await links(query)).toEqual(expected);
  });

  it("leads the jobs on one instance, and runs retention there once", async () => {
    const leading = await pollUntil(
      () => leaders(instances),
      (seen) => sum(seen) === 1,
      15_000,
      "one leader",
    );
    expect(leading["ingest-a"] ?? 0, "an ingest instance never leads").toBe(0);
    expect(leading.query ?? 0, "the query instance never leads").toBe(0);

    const expired = await storeExpiredTraces(cluster.primaryUrl, 3);
    const leader = instances.find((instance) => leading[instance.name] === 1) as Instance;
    const deleted = async () =>
      Object.fromEntries(
        await Promise.all(
          instances.map(async (instance) => [
            instance.name,
            metricSum(await metrics(instance), "tracelight_maintenance_traces_deleted_total", {
              reason: "expired",
            }),
          ]),
        ),
      ) as Record<string, number>;
    const seen = await pollUntil(
      deleted,
      (counts) => sum(counts) >= expired.length,
      15_000,
      "expired traces deleted",
    );
    expect(seen, "deleted by the leader alone, each once").toEqual(
      Object.fromEntries(
        instances.map((instance) => [instance.name, instance === leader ? expired.length : 0]),
      ),
    );
    for (const instance of instances) {
      const runs = metricSum(await metrics(instance), "tracelight_maintenance_runs_total", {
        outcome: "done",
      });
      if (instance === leader) expect(runs, instance.name).toBeGreaterThan(0);
      else expect(runs, `${instance.name} ran maintenance while not leading`).toBe(0);
    }
    await cluster.waitForReplay();
    for (const traceId of expired) {
      const response = await fetch(`${query.server.baseUrl}/api/traces/${traceId}`);
      expect(response.status, `expired ${traceId} on the query instance`).toBe(404);
    }
  });

  it("hands the jobs over when the leader is killed", async () => {
    const before = await leaders(instances);
    const leader = instances.find((instance) => before[instance.name] === 1) as Instance;
    leader.server.child.kill("SIGKILL");
    await new Promise((resolve) => leader.server.child.once("exit", resolve));
    // The dead leader's session ends with its connection, and its advisory lock with the session.
    const after = await pollUntil(
      () => leaders(instances),
      (seen) => sum(seen) === 1,
      30_000,
      "a new leader",
    );
    expect(Object.keys(after)).not.toContain(leader.name);

    // A new call through an ingest instance still alive: its links appear, and counted once.
    const alive = [ingestA, ingestB].find(running) as Instance;
    const traceId = newTraceId(RUN);
    const trace = chainTrace(traceId, services, NOW_US - 10_000_000);
    expect((await post(alive, [...trace.front, ...trace.api])).status).toBe(202);
    const calls = traceIds.length + 1;
    await pollUntil(
      async () => {
        await cluster.waitForReplay();
        return links(query);
      },
      (seen) => seen[FRONT_API] === calls && seen[API_DB] === calls,
      30_000,
      "the new trace's links after the hand-over",
    );
  });
});

/** Traces a month old (past the default 7-day retention), stored straight into the primary. */
async function storeExpiredTraces(primaryUrl: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: primaryUrl });
  await client.connect();
  try {
    const ids: string[] = [];
    const startUs = NOW_US - 30 * DAY_US;
    for (let i = 0; i < count; i++) {
      const traceId = newTraceId(RUN);
      ids.push(traceId);
      await client.query(
        `INSERT INTO spans (trace_id, span_id, name, kind, service_name, start_us, duration_us, status_code, attributes)
         VALUES ($1, '00000000000000a1', 'old', 'SERVER', $2, $3, 1000, 'UNSET', '{}')`,
        [traceId, services.front, startUs],
      );
      await client.query(
        `INSERT INTO traces (trace_id, start_us, end_us, span_count, error_count, service_counts, root_span_id,
           root_service, root_name, root_start_us, root_parentless)
         VALUES ($1, $2, $3, 1, 0, '{}', '00000000000000a1', $4, 'old', $2, true)`,
        [traceId, startUs, startUs + 1000, services.front],
      );
    }
    return ids;
  } finally {
    await client.end();
  }
}
