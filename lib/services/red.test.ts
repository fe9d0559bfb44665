import { describe, expect, it } from "vitest";
import { HOUR_US } from "../time/hours";
import { bucketOf, bucketUpperUs } from "./histogram";
import { buildServiceMetrics, type OperationHourRow } from "./red";

const MS = 1_000;
/** A duration as the histograms give it back: its bucket's longest duration. */
const top = (us: number) => bucketUpperUs(bucketOf(us)) - 1;
/** 2026-11-22 09:00 UTC. */
const H0 = 498_705 * HOUR_US;
const H1 = H0 + HOUR_US;
const H2 = H0 + 2 * HOUR_US;
/** Half an hour into H2: the window's last hour is half over. */
const NOW = H2 + HOUR_US / 2;

function row(
  service: string,
  operation: string,
  hourUs: number,
  durationUs: number,
  count: number,
  errors = 0,
): OperationHourRow {
  return { service, operation, hourUs, bucket: bucketOf(durationUs), count, errors };
}

describe("buildServiceMetrics", () => {
  it("sums an operation's hours and buckets into totals, percentiles and hourly points", () => {
    const [shop] = buildServiceMetrics(
      [
        row("shop", "get /cart", H0, 10 * MS, 98),
        row("shop", "get /cart", H0, 10 * MS, 1, 1),
        row("shop", "get /cart", H2, 500 * MS, 1),
      ],
      H0,
      NOW,
      NOW,
    );
    expect(shop).toMatchObject({ service: "shop", calls: 100, errors: 1 });
    const [cart] = shop?.operations ?? [];
    expect(cart).toMatchObject({
      name: "get /cart",
      calls: 100,
      errors: 1,
      p50Us: top(10 * MS),
      p95Us: top(10 * MS),
      p99Us: top(10 * MS),
    });
    expect(cart?.series).toEqual([
      {
        hourUs: H0,
        calls: 99,
        errors: 1,
        ratePerS: 99 / 3600,
        errorRate: 1 / 99,
        p50Us: top(10 * MS),
        p95Us: top(10 * MS),
        p99Us: top(10 * MS),
      },
      {
        hourUs: H1,
        calls: 0,
        errors: 0,
        ratePerS: 0,
        errorRate: null,
        p50Us: null,
        p95Us: null,
        p99Us: null,
      },
      {
        hourUs: H2,
        calls: 1,
        errors: 0,
        ratePerS: 1 / 1800,
        errorRate: 0,
        p50Us: top(500 * MS),
        p95Us: top(500 * MS),
        p99Us: top(500 * MS),
      },
    ]);
  });

  it.each([
    {
      name: "the current hour's rate is over the seconds so far",
      nowUs: H0 + 60 * 1_000_000,
      ratePerS: 6 / 60,
    },
    { name: "a past hour's rate is over the whole hour", nowUs: H1 + 1, ratePerS: 6 / 3600 },
    {
      name: "an hour still to come (clocks ahead of ours) counts as a whole hour",
      nowUs: H0 - HOUR_US,
      ratePerS: 6 / 3600,
    },
    { name: "the first instant of an hour counts as a second", nowUs: H0 + 1, ratePerS: 6 },
  ])("$name", ({ nowUs, ratePerS }) => {
    const [shop] = buildServiceMetrics([row("shop", "get /", H0, MS, 6)], H0, H0 + 1, nowUs);
    expect(shop?.operations[0]?.series[0]?.ratePerS).toBeCloseTo(ratePerS, 12);
  });

  it.each([
    {
      name: "services and operations by calls, most first, then by name",
      rows: [
        row("bank", "pay", H0, MS, 5),
        row("shop", "get /", H0, MS, 3),
        row("shop", "put /cart", H0, MS, 7),
        row("shop", "delete /cart", H0, MS, 3),
      ],
      order: [
        ["shop", ["put /cart", "delete /cart", "get /"]],
        ["bank", ["pay"]],
      ],
    },
    {
      name: "a service's calls are all its operations'",
      rows: [row("bank", "pay", H0, MS, 6), row("shop", "get /", H0, MS, 4), row("shop", "put", H1, MS, 4)],
      order: [
        ["shop", ["get /", "put"]],
        ["bank", ["pay"]],
      ],
    },
    {
      name: "rows of hours outside the window and rows without calls are left out",
      rows: [
        row("old", "get /", H0 - HOUR_US, MS, 9),
        row("gone", "get /", H0, MS, 0),
        row("shop", "get /", H1, MS, 1),
      ],
      order: [["shop", ["get /"]]],
    },
    { name: "an empty window answers no services", rows: [], order: [] },
  ])("$name", ({ rows, order }) => {
    const services = buildServiceMetrics(rows, H0, H1 + 1, NOW);
    expect(services.map((service) => [service.service, service.operations.map((op) => op.name)])).toEqual(
      order,
    );
    for (const service of services) {
      expect(service.calls).toBe(service.operations.reduce((sum, op) => sum + op.calls, 0));
      for (const op of service.operations) expect(op.series.map((point) => point.hourUs)).toEqual([H0, H1]);
    }
  });

  it("reads p50, p95 and p99 from where the calls fall among the buckets", () => {
    const rows = [
      row("api", "query", H0, 1 * MS, 90),
      row("api", "query", H0, 20 * MS, 8),
      row("api", "query", H1, 300 * MS, 2, 2),
    ];
    const op = buildServiceMetrics(rows, H0, H1, NOW)[0]?.operations[0];
    expect(op).toMatchObject({
      calls: 100,
      errors: 2,
      p50Us: top(1 * MS),
      p95Us: top(20 * MS),
      p99Us: top(300 * MS),
    });
    expect(op?.series[1]).toMatchObject({ calls: 2, errors: 2, errorRate: 1, p50Us: top(300 * MS) });
  });
});
