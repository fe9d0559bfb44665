import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/net/free-port";
import { pollHealth, sendUntilTaken, zipkinBody } from "../overload-load";
import { startTestServer, type TestServer } from "../test-server";

/**
 * More ingest than the budget takes, at once: senders of 16 MB bodies, each retrying after the
 * server's Retry-After as exporters do. Everything is stored in the end, exactly once; the senders
 * past the budget were told to come back (429 with Retry-After), never failed; and health kept
 * answering throughout. How fast, and in how much memory, is measured by `npm run bench:overload`.
 */
const SENDERS = 8;
const BODY_BYTES = 16 * 1024 * 1024;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(await freePort(), {
    peerPorts: false,
    // Room for two bodies at a time: the other senders meet the budget.
    env: { TRACELIGHT_INGEST_MAX_INFLIGHT_BYTES: String(2 * BODY_BYTES) },
  });
});

afterAll(() => server?.stop());

describe("an ingest overload", () => {
  it("is turned away with Retry-After, stored exactly once in the end, and never stops health", async () => {
    const bodies = Array.from({ length: SENDERS }, (_, sender) => zipkinBody(sender, BODY_BYTES - 64 * 1024));
    const health = pollHealth(server.baseUrl);
    const sent = await Promise.all(bodies.map(({ body }) => sendUntilTaken(server.baseUrl, body)));
    const latencies = await health.stop();

    expect(sent.flatMap((sender) => sender.failed)).toEqual([]);
    expect(sent.reduce((sum, sender) => sum + sender.busy, 0)).toBeGreaterThan(0);
    // Every health check answered 200 (a failed one is recorded as Infinity).
    expect(latencies.filter((ms) => !Number.isFinite(ms))).toEqual([]);
    expect(latencies.length).toBeGreaterThan(10);

    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM spans");
    await client.end();
    expect(rows[0]?.n).toBe(bodies.reduce((sum, { spans }) => sum + spans, 0));
  });
});
