import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/net/free-port";
import { wideZipkinTrace } from "../spans";
import { startTestServer, type TestServer } from "../test-server";

/**
 * Instances of several roles on one database (lib/role.ts), as docs/scaling.md deploys them: two
 * `all` instances elect one leader for the background jobs, and the other takes over when the leader
 * is killed outright; a `query` instance logged in as a role that can only read starts without
 * migrating, serves searches and refuses spans naming its role. The streaming replica itself is
 * test/replica's.
 */
const ADMIN_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const NAME = `tracelight_roles_${process.pid}_${Date.now()}`;
const READER = `tracelight_reader_${process.pid}`;
/** Non-leaders try for the lock every 2 s (lib/db/leader.ts); a killed leader's session ends at once. */
const TAKEOVER_BOUND_MS = 30_000;

let databaseUrl: string;
const servers: TestServer[] = [];

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function urlOf(database: string, user?: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  if (user) url.username = user;
  return url.toString();
}

async function leaderGauge(server: TestServer): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const match = /^tracelight_leader (\d+)$/m.exec(text);
  if (!match) throw new Error("/metrics has no tracelight_leader");
  return Number(match[1]);
}

async function leaders(): Promise<number[]> {
  return Promise.all(servers.map(leaderGauge));
}

/** Polls until `check` holds, failing with what it last saw after `boundMs`. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, boundMs: number) {
  const deadline = Date.now() + boundMs;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(last)} after ${boundMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await read();
  }
  return last;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

beforeAll(async () => {
  await admin(ADMIN_URL, (client) => client.query(`CREATE DATABASE "${NAME}"`));
  databaseUrl = urlOf(NAME);
  for (let i = 0; i < 2; i++) {
    servers.push(await startTestServer(await freePort(), { peerPorts: false, databaseUrl }));
  }
});

afterAll(async () => {
  for (const server of servers) await server.stop();
  await admin(ADMIN_URL, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
    await client.query(`DROP ROLE IF EXISTS "${READER}"`);
  });
});

describe("two instances of role all on one database", () => {
  it("elect exactly one leader, and the other takes over when it is killed", async () => {
    // The second may still be trying when the first already leads; one leader either way.
    const gauges = await eventually(leaders, (values) => values.includes(1), TAKEOVER_BOUND_MS);
    expect(gauges.filter((value) => value === 1)).toHaveLength(1);
    // Several retry periods later, still one.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect((await leaders()).sort()).toEqual([0, 1]);

    const leaderIndex = gauges.indexOf(1);
    const leader = servers[leaderIndex] as TestServer;
    const follower = servers[1 - leaderIndex] as TestServer;
    await killed(leader.child);
    servers.splice(leaderIndex, 1);
    await eventually(
      () => leaderGauge(follower),
      (value) => value === 1,
      TAKEOVER_BOUND_MS,
    );
    const text = await (await fetch(`${follower.baseUrl}/metrics`)).text();
    expect(text).toMatch(/^tracelight_leader_takeovers_total 1$/m);
  });
});

describe("an instance of role query, logged in as a role that can only read", () => {
  let query: TestServer;
  const traceId = "ab".repeat(16);

  beforeAll(async () => {
    const writer = servers[0] as TestServer;
    const stored = await fetch(`${writer.baseUrl}/api/v2/spans`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(wideZipkinTrace(traceId, 3, "roles-query")),
    });
    expect(stored.status).toBe(202);
    await admin(databaseUrl, async (client) => {
      await client.query(`CREATE ROLE "${READER}" LOGIN`);
      await client.query(`GRANT CONNECT ON DATABASE "${NAME}" TO "${READER}"`);
      await client.query(`GRANT USAGE ON SCHEMA public TO "${READER}"`);
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO "${READER}"`);
    });
    query = await startTestServer(await freePort(), {
      peerPorts: false,
      databaseUrl: urlOf(NAME, READER),
      env: { TRACELIGHT_ROLE: "query" },
    });
  });

  afterAll(async () => {
    await query?.stop();
    await admin(databaseUrl, async (client) => {
      await client.query(`DROP OWNED BY "${READER}"`);
    });
  });

  it("cannot write: the role it logs in as has no right to", async () => {
    const refused = admin(urlOf(NAME, READER), (client) => client.query("CREATE TABLE roles_probe (id int)"));
    await expect(refused).rejects.toThrow(/permission denied/);
  });

  it("serves searches", async () => {
    const response = await fetch(`${query.baseUrl}/api/search?service=roles-query&lookback=1d`);
    expect(response.status).toBe(200);
    const { traces } = (await response.json()) as { traces: { traceId: string }[] };
    expect(traces.map((trace) => trace.traceId)).toEqual([traceId]);
  });

  it.each([
    ["Zipkin", "/api/v2/spans", "application/json", "[]"],
    ["an upload", "/api/upload", "application/json", "{}"],
  ])("refuses %s with 403 naming its role", async (_, path, contentType, body) => {
    const response = await fetch(`${query.baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": contentType },
      body,
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error:
        "this Tracelight instance's role is query: it serves reads only; send spans to an ingest instance",
    });
  });

  it("refuses OTLP/HTTP in OTLP's own shape, and counts it", async () => {
    const response = await fetch(`${query.baseUrl}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 7, message: expect.stringMatching(/role is query/) });
    const metrics = await (await fetch(`${query.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/tracelight_ingest_requests_total\{[^}]*outcome="forbidden"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/^tracelight_leader 0$/m);
  });
});
