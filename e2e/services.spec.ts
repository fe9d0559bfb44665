import { type APIRequestContext, expect, test } from "@playwright/test";
import { SearchPage } from "./pages/SearchPage";
import { ServicesPage } from "./pages/ServicesPage";

/**
 * The services page over ten calls of one operation, two of them failing, stored through the Zipkin
 * API under a service name of this run's own. Its metrics are kept at ingest: nothing to wait for.
 */
const RUN = Date.now().toString(16);
const SHOP = `shop-red-${RUN}`;
const OPERATION = "get /orders";

async function seed(request: APIRequestContext): Promise<void> {
  const nowUs = Date.now() * 1000;
  const spans = Array.from({ length: 10 }, (_, i) => ({
    traceId: `${RUN}${(i + 1).toString(16)}`.padStart(16, "0"),
    id: `${RUN}${(i + 1).toString(16)}`.padStart(16, "0"),
    kind: "SERVER",
    name: OPERATION,
    timestamp: nowUs - 120_000_000 + i * 1_000_000,
    duration: 10_000 + i * 5_000,
    localEndpoint: { serviceName: SHOP },
    ...(i === 3 || i === 7 ? { tags: { error: "x" } } : {}),
  }));
  expect((await request.post("/api/v2/spans", { data: spans })).status()).toBe(202);
}

test.describe("the services page @smoke", () => {
  test.beforeAll(async ({ request }) => seed(request));

  test("shows a service's totals and its operation's hourly charts, linking to its traces", async ({
    page,
  }) => {
    const services = new ServicesPage(page);
    await services.open("lookback=1h");
    await expect(services.summary).toContainText("the last 1h, hourly: whole UTC hours from");
    await expect(services.lookback).toHaveValue("1h");
    await expect(services.section(SHOP)).toBeVisible();
    await expect(services.totals(SHOP)).toHaveText("10 calls, 2 errors (20%) · 1 operation");
    await expect(services.calls(SHOP, OPERATION)).toHaveText("10 calls, 2 errors (20%)");
    for (const chart of ["rate", "error", "latency"] as const) {
      await expect(services.chart(SHOP, OPERATION, chart).locator("svg path").first()).toBeAttached();
    }

    const search = `/search?service=${SHOP}&operation=get+%2Forders&lookback=1h`;
    await expect(services.operationLink(SHOP, OPERATION)).toHaveAttribute("href", search);
    await expect(services.chart(SHOP, OPERATION, "error")).toHaveAttribute("href", `${search}&status=error`);

    await services.operationLink(SHOP, OPERATION).click();
    await expect(page).toHaveURL(search);
    await expect(new SearchPage(page).results).toHaveCount(10);
  });

  test("keeps the time range in the URL and says when a window has no calls", async ({ page }) => {
    const services = new ServicesPage(page);
    await services.open("lookback=1h");
    await services.lookback.selectOption("7d");
    await expect(page).toHaveURL(/\/services\?lookback=7d$/);
    await expect(services.section(SHOP)).toBeVisible();

    await services.open("start=2001-01-01T00:00:00.000Z&end=2001-01-01T01:00:00.000Z");
    await expect(services.empty).toContainText("No calls");

    await services.open("lookback=soon");
    await expect(services.error).toContainText("lookback: expected a duration");
  });
});

test.describe("the services page's pages", () => {
  const PAGED = Array.from({ length: 25 }, (_, i) => `paged-${RUN}-${String(i).padStart(2, "0")}`);
  const BUSY = `busy-${RUN}`;

  test.beforeAll(async ({ request }) => {
    const nowUs = Date.now() * 1000;
    const spans = PAGED.map((service, i) => ({
      traceId: `${RUN}${(0x100 + i).toString(16)}`.padStart(16, "0"),
      id: `${RUN}${(0x100 + i).toString(16)}`.padStart(16, "0"),
      kind: "SERVER",
      name: "get /",
      timestamp: nowUs - 60_000_000,
      duration: 1000,
      localEndpoint: { serviceName: service },
    }));
    // A service with seven operations, the first called most.
    const busy = Array.from({ length: 7 }, (_, i) =>
      Array.from({ length: 8 - i }, (_, n) => ({
        ...spans[0],
        traceId: `${RUN}${(0x200 + i * 16 + n).toString(16)}`.padStart(16, "0"),
        id: `${RUN}${(0x200 + i * 16 + n).toString(16)}`.padStart(16, "0"),
        name: `op ${i}`,
        localEndpoint: { serviceName: BUSY },
      })),
    ).flat();
    expect((await request.post("/api/v2/spans", { data: [...spans, ...busy] })).status()).toBe(202);
  });

  test("shows a service's busiest operations, and all of them on its own page", async ({ page, request }) => {
    // Which page of services by name holds it depends on what the other specs stored.
    const all = await (await request.get("/api/services/metrics?lookback=1h&sort=name&limit=100")).json();
    const index = (all as { services: { service: string }[] }).services.findIndex((s) => s.service === BUSY);
    expect(index).toBeGreaterThanOrEqual(0);
    const services = new ServicesPage(page);
    await services.open(`lookback=1h&sort=name&page=${Math.floor(index / 20) + 1}`);
    await expect(services.section(BUSY).getByTestId("operation-row")).toHaveCount(5);
    await expect(services.totals(BUSY)).toHaveText("35 calls, 0 errors (0%) · 7 operations");
    await services.allOperations(BUSY).click();
    await expect(page).toHaveURL(new RegExp(`/services\\?lookback=1h&service=${BUSY}$`));
    await expect(services.section(BUSY).getByTestId("operation-row")).toHaveCount(7);
    await expect(services.pageRange).toHaveText("1–7 of 7 operations");
    await expect(services.allOperations(BUSY)).toHaveCount(0);
  });

  test("shows 20 services a page, the next after Next, with the page and total in the URL", async ({
    page,
  }) => {
    const services = new ServicesPage(page);
    await services.open("lookback=1h&sort=name");
    await expect(services.sort).toHaveValue("name");
    await expect(services.sections).toHaveCount(20);
    await expect(services.pageRange).toHaveText(/^1–20 of \d+ services$/);
    const first = await services.serviceNames();

    await services.next.click();
    await expect(page).toHaveURL(/\/services\?lookback=1h&sort=name&page=2$/);
    await expect(services.pageRange).toHaveText(/^21–\d+ of \d+ services$/);
    const second = await services.serviceNames();
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((name) => first.includes(name))).toEqual([]);

    await services.previous.click();
    await expect(page).toHaveURL(/\/services\?lookback=1h&sort=name$/);
    await expect(services.pageRange).toHaveText(/^1–20 of /);
  });
});
