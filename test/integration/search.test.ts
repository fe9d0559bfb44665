import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDb } from "@/lib/db/pool";
import { searchTraces } from "@/lib/db/search";
import { RequestError } from "@/lib/errors";
import type { SearchQuery } from "@/lib/search/query";
import { baseUrl, postSpans, uniqueTraceId } from "./helpers";

/**
 * The search core's own guarantees, beyond what either peer's API exposes: which traces come first
 * when the spans that match are not where their traces start, and the query timeout.
 */
const SERVICE = `batch-${uniqueTraceId().slice(-8)}`;
const NOW_US = Date.now() * 1000;
// More matching spans than the search reads at first (200 for a limit of 1), all in the trace that
// starts first: the newest trace is the other one, whose only match is older than all of them.
const MANY = 250;
const earlyTrace = uniqueTraceId();
const laterTrace = uniqueTraceId();

function span(traceId: string, index: number, startUs: number, tags: Record<string, string>) {
  return {
    traceId,
    id: index.toString(16).padStart(16, "0"),
    ...(index > 1 ? { parentId: "0000000000000001" } : {}),
    name: "import row",
    timestamp: startUs,
    duration: 100,
    localEndpoint: { serviceName: SERVICE },
    tags,
  };
}

beforeAll(async () => {
  process.env.DATABASE_URL = inject("databaseUrl"); // lib/db reads it on first use
  const early = [
    span(earlyTrace, 1, NOW_US - 100_000_000, {}),
    ...Array.from({ length: MANY }, (_, i) =>
      span(earlyTrace, i + 2, NOW_US - 10_000_000 + i, { batch: "yes" }),
    ),
  ];
  const later = [span(laterTrace, 1, NOW_US - 50_000_000, { batch: "yes" })];
  expect((await postSpans([...early, ...later])).status).toBe(202);
});

afterAll(closeDb);

const query = (fields: Partial<SearchQuery>): SearchQuery => ({
  serviceName: SERVICE,
  tags: [{ key: "batch", value: "yes" }],
  startUs: NOW_US - 3_600_000_000,
  endUs: NOW_US + 60_000_000,
  limit: 1,
  ignoreCase: false,
  ...fields,
});

describe("search order", () => {
  it("returns the newest trace with a match, not the trace with the newest match", async () => {
    const [newest] = await searchTraces(query({}), 10_000);
    expect(newest?.[0]?.traceId).toBe(laterTrace);
  });

  it("orders traces by their start, each with all its spans", async () => {
    const traces = await searchTraces(query({ limit: 2 }), 10_000);
    expect(traces.map((trace) => [trace[0]?.traceId, trace.length])).toEqual([
      [laterTrace, 1],
      [earlyTrace, MANY + 1],
    ]);
  });

  it("finds the same through Zipkin's API", async () => {
    const params = new URLSearchParams({ serviceName: SERVICE, annotationQuery: "batch=yes", limit: "1" });
    const traces = (await (await fetch(`${baseUrl()}/api/v2/traces?${params}`)).json()) as {
      traceId: string;
    }[][];
    expect(traces.map((trace) => trace[0]?.traceId)).toEqual([laterTrace]);
  });
});

describe("query timeout", () => {
  it("cancels a search that outlasts it and says so with a 503", async () => {
    // A lock held on the traces table keeps the search waiting past its timeout.
    const locker = new pg.Client({ connectionString: inject("databaseUrl") });
    await locker.connect();
    try {
      await locker.query("BEGIN; LOCK TABLE traces IN ACCESS EXCLUSIVE MODE");
      const refusal = await searchTraces(query({}), 200).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(RequestError);
      expect((refusal as RequestError).status).toBe(503);
      expect((refusal as RequestError).message).toContain("TRACELIGHT_QUERY_TIMEOUT");
    } finally {
      await locker.query("ROLLBACK");
      await locker.end();
    }
    // The connection went back to the pool usable.
    expect(await searchTraces(query({}), 10_000)).toHaveLength(1);
  });
});
