import { createSocket } from "node:dgram";
import os from "node:os";
import pg from "pg";
import { freePort } from "../lib/net/free-port";
import { encodeJaegerBatch } from "../test/jaeger-encoders";
import { startTestServer } from "../test/test-server";
import { describeRun } from "./real-server";

/**
 * `npm run bench:udp`: the Jaeger agent port under a steady stream of datagrams, as jaeger-client
 * for Node sends them (binary emitBatch, SPANS_PER_DATAGRAM spans each), at rising rates for
 * SECONDS_PER_RATE seconds each. For each rate: datagrams sent, received by Tracelight, stored, and
 * dropped — in the kernel's buffer (sent but never received) or by Tracelight (its queue) — and the
 * sustained rate with no drop at all. The landed code of the hardening issue dropped 35% at 1,000/s
 * with one commit per datagram; batching is what this measures.
 */
const SPANS_PER_DATAGRAM = 5;
const SECONDS_PER_RATE = 5;
const RATES = [1_000, 2_000, 4_000, 8_000, 16_000];

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const port = await freePort();
  const server = await startTestServer(await freePort(), {
    peerPorts: false,
    env: { TRACELIGHT_JAEGER_BINARY_PORT: String(port) },
  });
  const client = new pg.Client({ connectionString: server.databaseUrl });
  const socket = createSocket("udp4");
  try {
    await client.connect();
    const rows: string[] = [];
    let sustained = 0;
    let sequence = 0;
    for (const rate of RATES) {
      const datagrams = Array.from({ length: rate * SECONDS_PER_RATE }, () => datagram(++sequence));
      const before = await counts(server.baseUrl, client);
      await sendAt(socket, port, datagrams, rate);
      const after = await settled(
        server.baseUrl,
        client,
        before.stored + datagrams.length * SPANS_PER_DATAGRAM,
      );
      const stored = (after.stored - before.stored) / SPANS_PER_DATAGRAM;
      const queueDropped = (after.droppedSpans - before.droppedSpans) / SPANS_PER_DATAGRAM;
      const received = stored + queueDropped;
      const kernelDropped = datagrams.length - received;
      if (kernelDropped === 0 && queueDropped === 0 && rate > sustained) sustained = rate;
      rows.push(
        `| ${rate.toLocaleString("en-US")} | ${datagrams.length} | ${received} | ${stored} | ${kernelDropped} | ${queueDropped} |`,
      );
    }
    console.log(
      [
        ...(await describeRun(client, loadBefore)),
        `workload: binary emitBatch datagrams of ${SPANS_PER_DATAGRAM} spans (jaeger-client's encoding), ${SECONDS_PER_RATE} s at each rate, one sender on loopback`,
        "",
        "| datagrams/s | sent | received | stored | dropped by the kernel | dropped by Tracelight |",
        "|---:|---:|---:|---:|---:|---:|",
        ...rows,
        "",
        `sustained with no drop: ${sustained.toLocaleString("en-US")} datagrams/s (${(sustained * SPANS_PER_DATAGRAM).toLocaleString("en-US")} spans/s)`,
      ].join("\n"),
    );
  } finally {
    socket.close();
    await client.end().catch(() => undefined);
    await server.stop();
  }
}

/** A binary-protocol emitBatch datagram of SPANS_PER_DATAGRAM new spans of one trace. */
function datagram(sequence: number): Buffer {
  const hex = (n: number) => n.toString(16).padStart(16, "0");
  const nowUs = Date.now() * 1000;
  const spans = Array.from({ length: SPANS_PER_DATAGRAM }, (_, i) => ({
    traceIdLow: hex(sequence),
    traceIdHigh: hex(0),
    spanId: hex(i + 1),
    parentSpanId: hex(i === 0 ? 0 : 1),
    operationName: `GET /items/${i}`,
    flags: 1,
    startTime: nowUs - 1_000 + i,
    duration: 100 + i,
    tags: [{ key: "http.status_code", vType: "LONG", vLong: 200 }],
  }));
  const batch = encodeJaegerBatch({ process: { serviceName: "udp-bench", tags: [] }, spans });
  return Buffer.concat([
    Buffer.from([0x80, 0x01, 0x00, 0x04, 0, 0, 0, 9]),
    Buffer.from("emitBatch"),
    Buffer.from([0, 0, 0, 0, 0x0c, 0, 1]),
    batch,
    Buffer.from([0]),
  ]);
}

/** Sends the datagrams evenly at `rate` per second, a millisecond's worth at a time. */
async function sendAt(
  socket: ReturnType<typeof createSocket>,
  port: number,
  datagrams: Buffer[],
  rate: number,
) {
  const started = performance.now();
  for (let sent = 0; sent < datagrams.length; ) {
    const due = Math.min(datagrams.length, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    for (; sent < due; sent++) socket.send(datagrams[sent] as Buffer, port, "127.0.0.1");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Spans Tracelight dropped (from /metrics) and spans stored (from the table). */
async function counts(baseUrl: string, client: pg.Client): Promise<{ droppedSpans: number; stored: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let droppedSpans = 0;
  for (const [, value] of text.matchAll(/^tracelight_spans_dropped_total\{transport="udp"[^}]*\} (\S+)$/gm)) {
    droppedSpans += Number(value);
  }
  const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM spans");
  return { droppedSpans, stored: rows[0]?.n ?? 0 };
}

/** The counts once storing has caught up with `expectedSpans`, or stopped moving for two seconds. */
async function settled(baseUrl: string, client: pg.Client, expectedSpans: number) {
  let last = await counts(baseUrl, client);
  for (let still = 0; last.stored < expectedSpans && still < 20; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await counts(baseUrl, client);
    still = now.stored === last.stored ? still + 1 : 0;
    last = now;
  }
  return last;
}

await main();
