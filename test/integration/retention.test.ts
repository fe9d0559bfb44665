import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDb } from "../../lib/db/pool";
import { maintainStorage } from "../../lib/db/retention";
import { postSpans, query, uniqueTraceId } from "./helpers";

const DAY_US = 86_400_000_000;

describe("storage maintenance", () => {
  beforeAll(() => {
    process.env.DATABASE_URL = inject("databaseUrl");
  });
  afterAll(closeDb);

  it("drops partitions past retention whole, deletes old stray spans and their summaries, keeps recent ones", async () => {
    const nowUs = Date.now() * 1000;
    const oldTrace = uniqueTraceId();
    const recentTrace = uniqueTraceId();
    const span = (traceId: string, timestamp: number) => ({
      traceId,
      id: "00000000000000a1",
      name: "op",
      timestamp,
      duration: 1,
    });
    // Old spans fall outside the prepared partitions, into spans_default.
    expect((await postSpans([span(oldTrace, nowUs - 30 * DAY_US)])).status).toBe(202);
    expect((await postSpans([span(recentTrace, nowUs - 1_000_000)])).status).toBe(202);
    await query(
      "CREATE TABLE spans_d20000101 PARTITION OF spans FOR VALUES FROM (946684800000000) TO (946771200000000)",
    );

    await maintainStorage(7 * DAY_US, nowUs);

    const partitions = await query<{ name: string }>(
      "SELECT relname AS name FROM pg_class WHERE relname LIKE 'spans_d%' AND relkind = 'r' ORDER BY 1",
    );
    const names = partitions.map((row) => row.name);
    expect(names).not.toContain("spans_d20000101");
    const today = new Date(nowUs / 1000).toISOString().slice(0, 10).replaceAll("-", "");
    expect(names).toContain(`spans_d${today}`);
    const remaining = await query<{ trace_id: string }>(
      "SELECT trace_id FROM traces WHERE trace_id = ANY($1) ORDER BY 1",
      [[oldTrace, recentTrace]],
    );
    expect(remaining.map((row) => row.trace_id)).toEqual([recentTrace]);
    const spans = await query("SELECT trace_id FROM spans WHERE trace_id = $1", [oldTrace]);
    expect(spans).toEqual([]);
  });
});
