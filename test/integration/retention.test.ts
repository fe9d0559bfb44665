import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDb } from "../../lib/db/pool";
import { MAINTENANCE_LOCK_ID, maintainStorage, maintainStorageEvery } from "../../lib/db/retention";
import { partitionName, retentionWindow } from "../../lib/db/retention-window";
import { saveSpanBatch } from "../../lib/db/save-spans";
import { prepareSpanBatch, spansWithKeys, summaryRows } from "../../lib/db/span-batch";
import type { Span } from "../../lib/model/span";
import { metrics } from "../../lib/observe/metrics";
import { DAY_US, HOUR_US } from "../../lib/time/hours";
import { query, uniqueTraceId } from "./helpers";

/**
 * Retention against the suite's database, as of the real clock (the server's partitions are
 * prepared for it): what goes, what stays, and that a trace never half goes.
 */
const RETENTION_US = 7 * DAY_US;
const NOW_US = Date.now() * 1000;
const { keepFromUs, horizonUs } = retentionWindow(RETENTION_US, NOW_US);
const SERVICE = `retention-${uniqueTraceId().slice(-8)}`;
/** Queued link derivations stay queued through a test, so that only retention removes them. */
const LINK_DELAY_US = DAY_US;

function span(traceId: string, startUs: number, spanId: string): Span {
  return {
    traceId,
    spanId,
    ...(spanId === "00000000000000a1" ? {} : { parentSpanId: "00000000000000a1" }),
    name: "op",
    kind: "SERVER",
    serviceName: SERVICE,
    startUs,
    durationUs: 1_000,
    status: { code: "UNSET" },
    attributes: {},
    resource: {},
    events: [],
    links: [],
  };
}

/** A trace stored as ingest stores it: its spans (one per start time), summary and queued links. */
async function store(startsUs: number[]): Promise<string> {
  const traceId = uniqueTraceId();
  const spans = startsUs.map((startUs, i) =>
    span(traceId, startUs, (0xa1 + i).toString(16).padStart(16, "0")),
  );
  // The rows straight to the store, past the ingest door: some of these times are ones it refuses.
  await saveSpanBatch(prepareSpanBatch(spans, { autocompleteKeys: [] }), {
    linkDelayUs: LINK_DELAY_US,
    summariesOf: async (keys) => summaryRows(spansWithKeys(spans, keys), { autocompleteKeys: [] }),
  });
  return traceId;
}

/** Rows as an older Tracelight stored them, past today's ingest bounds: a summary unless `orphan`. */
async function storeLegacy(startsUs: number[], options: { orphan?: boolean } = {}): Promise<string> {
  const traceId = uniqueTraceId();
  for (const [i, startUs] of startsUs.entries()) {
    await query(
      `INSERT INTO spans (trace_id, span_id, name, kind, service_name, start_us, duration_us, status_code, attributes)
       VALUES ($1, $2, 'op', 'SERVER', $3, $4, 1000, 'UNSET', '{}')`,
      [traceId, (0xa1 + i).toString(16).padStart(16, "0"), SERVICE, startUs],
    );
  }
  if (!options.orphan) {
    await query(
      `INSERT INTO traces (trace_id, start_us, end_us, span_count, error_count, service_counts, root_span_id,
         root_service, root_name, root_start_us, root_parentless)
       VALUES ($1, $2, $3, $4, 0, '{}', '00000000000000a1', $5, 'op', $2, true)`,
      [traceId, Math.min(...startsUs), Math.max(...startsUs) + 1000, startsUs.length, SERVICE],
    );
    await query("INSERT INTO link_queue (trace_id, due_us) VALUES ($1, $2)", [
      traceId,
      NOW_US + LINK_DELAY_US,
    ]);
  }
  return traceId;
}

/** What is stored of a trace: its summary, its spans and its queued link derivation. */
async function stored(traceId: string): Promise<{ summary: boolean; spans: number; queued: boolean }> {
  const [row] = await query<{ summary: boolean; spans: number; queued: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM traces WHERE trace_id = $1) AS summary,
            (SELECT count(*)::int FROM spans WHERE trace_id = $1) AS spans,
            EXISTS (SELECT 1 FROM link_queue WHERE trace_id = $1) AS queued`,
    [traceId],
  );
  return row as { summary: boolean; spans: number; queued: boolean };
}

const GONE = { summary: false, spans: 0, queued: false };
const whole = (spans: number) => ({ summary: true, spans, queued: true });

async function partitions(): Promise<string[]> {
  const rows = await query<{ name: string }>(
    `SELECT child.relname AS name FROM pg_inherits JOIN pg_class child ON child.oid = pg_inherits.inhrelid
     WHERE pg_inherits.inhparent = 'spans'::regclass ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

/** Makes a day's partition the way an earlier run would have, while it was in range. */
async function makePartition(day: number): Promise<string> {
  const name = partitionName(day);
  await query(
    `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF spans FOR VALUES FROM (${day * DAY_US}) TO (${(day + 1) * DAY_US})`,
  );
  return name;
}

async function runCount(outcome: string): Promise<number> {
  const { values } = await metrics.maintenanceRuns.get();
  return values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("storage maintenance", () => {
  beforeAll(() => {
    process.env.DATABASE_URL = inject("databaseUrl"); // lib/db reads it on first use
  });
  afterAll(closeDb);

  it("deletes a trace that started before the first kept day whole, its spans in kept partitions too", async () => {
    const dayBefore = await makePartition(keepFromUs / DAY_US - 1);
    const straddling = await store([
      keepFromUs - 60_000_000,
      keepFromUs + 30_000_000,
      keepFromUs + 2 * HOUR_US,
    ]);
    const startedJustBefore = await store([keepFromUs - 1]);
    const startedAtTheBoundary = await store([keepFromUs, keepFromUs + HOUR_US]);
    expect(await stored(straddling)).toEqual(whole(3));

    const result = await maintainStorage(RETENTION_US, NOW_US);

    expect(await stored(straddling)).toEqual(GONE);
    expect(await stored(startedJustBefore)).toEqual(GONE);
    expect(await stored(startedAtTheBoundary)).toEqual(whole(2));
    expect(await partitions()).not.toContain(dayBefore);
    expect(result).toMatchObject({ ran: true, partitionsDeferred: [] });
    expect(result.tracesExpired).toBeGreaterThanOrEqual(2);
    expect(result.partitionsDropped).toBeGreaterThanOrEqual(1);
  });

  it("deletes expired traces in partitions dropped whole and stray spans in spans_default with their traces", async () => {
    const oldDay = await makePartition(Date.UTC(2000, 0, 1) / 86_400_000);
    const inOldPartition = await store([Date.UTC(2000, 0, 1, 12) * 1000]);
    const stray = await store([NOW_US - 30 * DAY_US, NOW_US - 30 * DAY_US + 5_000_000]);
    const orphanStray = await storeLegacy([NOW_US - 20 * DAY_US], { orphan: true });
    const recent = await store([NOW_US - 1_000_000]);
    const [strayPlace] = await query<{ place: string }>(
      "SELECT tableoid::regclass::text AS place FROM spans WHERE trace_id = $1 LIMIT 1",
      [stray],
    );
    expect(strayPlace?.place).toBe("spans_default");

    await maintainStorage(RETENTION_US, NOW_US);

    expect(await partitions()).not.toContain(oldDay);
    expect(await partitions()).toContain(partitionName(Math.floor(NOW_US / DAY_US)));
    expect(await stored(inOldPartition)).toEqual(GONE);
    expect(await stored(stray)).toEqual(GONE);
    expect(await stored(orphanStray)).toEqual(GONE);
    expect(await stored(recent)).toEqual(whole(1));
  });

  it("deletes whole a trace with a span in spans_default past the prepared partitions, keeps placed ones", async () => {
    await makePartition(horizonUs / DAY_US + 1); // as if made while the server's clock was ahead
    const inDefault = await storeLegacy([NOW_US - 1_000_000, horizonUs]);
    const orphanInDefault = await storeLegacy([NOW_US + 40 * DAY_US], { orphan: true });
    const inPartitionPastHorizon = await storeLegacy([horizonUs + DAY_US]);
    const withinPrepared = await storeLegacy([NOW_US + HOUR_US, NOW_US + DAY_US]);
    const [place] = await query<{ place: string }>(
      "SELECT tableoid::regclass::text AS place FROM spans WHERE trace_id = $1 AND start_us = $2",
      [inDefault, horizonUs],
    );
    expect(place?.place).toBe("spans_default");

    const result = await maintainStorage(RETENTION_US, NOW_US);

    expect(await stored(inDefault)).toEqual(GONE);
    expect(await stored(orphanInDefault)).toEqual(GONE);
    expect(await stored(inPartitionPastHorizon)).toEqual(whole(1));
    expect(await stored(withinPrepared)).toEqual(whole(2));
    expect(result.tracesFuture).toBe(1);
  });

  it("moves a day's spans out of spans_default into its partition when it is made", async () => {
    const lastDay = horizonUs / DAY_US - 1;
    const name = partitionName(lastDay);
    expect(await query(`SELECT 1 FROM "${name}"`)).toEqual([]);
    await query(`DROP TABLE "${name}"`);
    const stranded = await storeLegacy([lastDay * DAY_US + HOUR_US, horizonUs - 1]);

    const result = await maintainStorage(RETENTION_US, NOW_US);

    expect(result.partitionsCreated).toBe(1);
    const places = await query<{ place: string }>(
      "SELECT DISTINCT tableoid::regclass::text AS place FROM spans WHERE trace_id = $1",
      [stranded],
    );
    expect(places).toEqual([{ place: name }]);
    expect(await stored(stranded)).toEqual(whole(2));
    const indexes = async (table: string) =>
      (
        await query<{ definition: string }>(
          "SELECT indexdef AS definition FROM pg_indexes WHERE tablename = $1",
          [table],
        )
      )
        .map((index) => index.definition.replace(/ INDEX \S+ ON (ONLY )?\S+ USING /, " "))
        .sort();
    expect(await indexes(name)).toEqual(await indexes("spans"));
  });

  it("deletes the hours of every aggregate before the first kept day, and only those", async () => {
    const hours = [keepFromUs - HOUR_US, keepFromUs, horizonUs - HOUR_US, horizonUs];
    const traceId = uniqueTraceId();
    const service = `${SERVICE}-aggregates`; // the other tests' spans count in operation_latency
    for (const hourUs of hours) {
      await query(
        "INSERT INTO operation_latency (service_name, span_name, span_kind, hour_us, bucket, count) VALUES ($1, 'op', 'SERVER', $2, 3, 1)",
        [service, hourUs],
      );
      await query(
        "INSERT INTO dependency_links (hour_us, parent, child, bucket, calls, errors) VALUES ($1, $2, 'db', 3, 1, 0)",
        [hourUs, service],
      );
      await query(
        `INSERT INTO trace_links (trace_id, parent, child, hour_us, bucket, calls, errors)
         VALUES ($1, $2, 'db', $3, 3, 1, 0)`,
        [traceId, service, hourUs],
      );
    }

    await maintainStorage(RETENTION_US, NOW_US);

    const kept = hours.slice(1).map(String);
    for (const [table, column] of [
      ["operation_latency", "service_name"],
      ["dependency_links", "parent"],
      ["trace_links", "parent"],
    ]) {
      const rows = await query<{ hour_us: string }>(
        `SELECT hour_us FROM ${table} WHERE ${column} = $1 ORDER BY hour_us`,
        [service],
      );
      expect(rows.map((row) => row.hour_us)).toEqual(kept);
    }
  });

  it("runs one caller at a time, and a run after a run changes nothing", async () => {
    const expired = await store([keepFromUs - DAY_US]);
    const holder = new pg.Client({ connectionString: inject("databaseUrl") });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [MAINTENANCE_LOCK_ID]);
      expect((await maintainStorage(RETENTION_US, NOW_US)).ran).toBe(false);
      expect(await stored(expired)).toEqual(whole(1));
    } finally {
      await holder.end();
    }

    const both = await Promise.all([
      maintainStorage(RETENTION_US, NOW_US),
      maintainStorage(RETENTION_US, NOW_US),
    ]);
    expect(both.some((result) => result.ran)).toBe(true);
    expect(both.reduce((sum, result) => sum + result.tracesExpired, 0)).toBe(1);
    expect(await stored(expired)).toEqual(GONE);

    expect(await maintainStorage(RETENTION_US, NOW_US)).toEqual({
      ran: true,
      partitionsCreated: 0,
      partitionsDropped: 0,
      partitionsDeferred: [],
      tracesExpired: 0,
      tracesFuture: 0,
      spansDeleted: 0,
      aggregateRowsDeleted: 0,
    });
  });

  it("counts a failed run, and runs again at its interval", async () => {
    const failedBefore = await runCount("failed");
    const doneBefore = await runCount("done");
    const blocker = new pg.Client({ connectionString: inject("databaseUrl") });
    await blocker.connect();
    let stop: (() => Promise<void>) | undefined;
    try {
      // Every run needs the summaries; while they are locked, each gives up after its lock timeout.
      await blocker.query("BEGIN; LOCK TABLE traces IN ACCESS EXCLUSIVE MODE");
      stop = maintainStorageEvery(RETENTION_US, 200_000);
      await until(async () => (await runCount("failed")) > failedBefore);
      await blocker.query("ROLLBACK");
      await until(async () => (await runCount("done")) > doneBefore);
    } finally {
      await stop?.();
      await blocker.end();
    }
  });
});
