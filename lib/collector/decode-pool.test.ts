import { afterAll, describe, expect, it } from "vitest";
import { createDecodePool, DEFAULT_DECODE_POOL } from "./decode-pool";
import { type PrepareRequest, prepare } from "./prepare";

const NOW_US = 1_700_000_000_000_000;

/** A Zipkin v2 body of `count` spans in one trace, about 200 bytes each. */
function zipkinBody(count: number): Buffer {
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId: "5af7183fb1d4cf5f",
    id: (i + 1).toString(16).padStart(16, "0"),
    ...(i > 0 ? { parentId: "0000000000000001" } : {}),
    name: `op ${i % 7}`,
    timestamp: NOW_US - 1_000_000 + i,
    duration: 100 + i,
    localEndpoint: { serviceName: `svc-${i % 3}` },
    tags: { "http.status_code": i % 5 === 0 ? "500" : "200" },
  }));
  return Buffer.from(JSON.stringify(spans));
}

const request = (body: Buffer): PrepareRequest => ({
  format: "zipkin-v2-json",
  body,
  autocompleteKeys: ["http.status_code"],
  nowUs: NOW_US,
  maxClockAheadUs: 86_400_000_000,
});

describe("the decode pool", () => {
  const pool = createDecodePool({ ...DEFAULT_DECODE_POOL, threads: 1 });
  afterAll(() => pool.close());

  it("prepares a large body on a worker to the very rows it would make inline", async () => {
    const body = zipkinBody(5_000);
    expect(body.byteLength).toBeGreaterThan(DEFAULT_DECODE_POOL.inlineMaxBytes);
    const onWorker = await pool.prepare(request(body));
    const inline = prepare(request(body));
    expect(onWorker.ok).toBe(true);
    if (!onWorker.ok || !inline.ok) return;
    expect(onWorker.batch.spanCount).toBe(5_000);
    expect(Buffer.from(onWorker.batch.copyRows).equals(Buffer.from(inline.batch.copyRows))).toBe(true);
    expect(onWorker.batch.summaries).toStrictEqual(inline.batch.summaries);
    expect(onWorker.traceIds).toStrictEqual(["5af7183fb1d4cf5f"]);
  });

  it("records the sender on a large body's rows, on a worker as inline", async () => {
    const sent = { ...request(zipkinBody(5_000)), sender: { kind: "ingest-token", name: "ci" } } as const;
    const onWorker = await pool.prepare(sent);
    const inline = prepare(sent);
    if (!onWorker.ok || !inline.ok) throw new Error("refused");
    const rows = Buffer.from(onWorker.batch.copyRows).toString("utf8").trimEnd().split("\n");
    expect(rows).toHaveLength(5_000);
    for (const row of rows) expect(row).toContain('{"tracelight.ingest_token":"ci"}');
    expect(Buffer.from(onWorker.batch.copyRows).equals(Buffer.from(inline.batch.copyRows))).toBe(true);
  });

  it("answers a large body the decoder refuses with the decoder's refusal, as a value", async () => {
    const body = Buffer.concat([zipkinBody(2_000).subarray(0, -1), Buffer.from(',{"traceId": 7}]')]);
    const refused = await pool.prepare(request(body));
    expect(refused).toStrictEqual({
      ok: false,
      status: 400,
      message: expect.stringMatching(/^span\[2000\]\.traceId: /),
    });
  });

  it("gives the summary rows of only the spans a re-sent batch newly stored", async () => {
    const body = zipkinBody(2_000);
    const keys = [`5af7183fb1d4cf5f/${"1".padStart(16, "0")}/false/${NOW_US - 1_000_000}`];
    const rows = await pool.summariesOf(request(body), keys);
    expect(JSON.parse(rows.traces)).toMatchObject([{ trace_id: "5af7183fb1d4cf5f", span_count: 1 }]);
  });
});
