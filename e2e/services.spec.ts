import { type APIRequestContext, expect, test } from "@playwright/test";
import { SearchPage } from "./pages/SearchPage";
import { ServicesPage } from "./pages/ServicesPage";

/**
 * The services page over ten calls of one operation, two of them failing, stored through the Zipkin
 * API under a service name of this run's own, and a calm service without errors. Its metrics are
 * kept at ingest: nothing to wait for.
 */
const RUN = Date.now().toString(16);
const SHOP = `shop-red-${RUN}`;
const CALM = `calm-${RUN}`;
const OPERATION = "get /orders";
let spanCount = 0;

/** `count` calls of `service`'s `name`, the last `errors` of them failing, in the last two minutes. */
function spans(service: string, count: number, { errors = 0, name = OPERATION } = {}) {
  const nowUs = Date.now() * 1000;
  return Array.from({ length: count }, (_, i) => {
    spanCount += 1;
    const id = `${RUN}${spanCount.toString(16).padStart(4, "0")}`.padStart(16, "0");
    return {
      traceId: id,
      id,
      kind: "SERVER",
      name,
      timestamp: nowUs - 120_000_000 + i * 1_000_000,
      duration: 10_000 + i * 5_000,
      localEndpoint: { serviceName: service },
      ...(i >= count - errors ? { tags: { error: "x" } } : {}),
    };
  });
}

async function send(request: APIRequestContext, data: unknown[]): Promise<void> {
  expect((await request.post("/api/v2/spans", { data })).status()).toBe(202);
}

/** Which page of the table (20 a page) holds `service`: it depends on what the other specs stored. */
/** "20%" → 20; "–" (no calls) below every rate. */
const percent = (text: string) => (text.endsWith("%") ? Number.parseFloat(text) : -1);

test.describe("the services page @smoke", () => {
  test.beforeAll(async ({ request }) => {
    // SHOP's ten calls: the failing ones are the 4th and 8th, as the error rate only counts them.
    const shop = spans(SHOP, 10).map((span, i) =>
      i === 3 || i === 7 ? { ...span, tags: { error: "x" } } : span,
    );
    await send(request, [...shop, ...spans(CALM, 4)]);
  });

  test("shows a service's rate, error rate and p95 with sparklines, and its operations' charts", async ({
    page,
  }) => {
    const services = new ServicesPage(page);
    await services.openHolding("lookback=1h", SHOP);
    await expect(services.summary).toContainText(/the last 1h, every \d+[mh], from the/);
    await expect(services.lookback).toHaveValue("1h");
    await expect(services.cell(SHOP, "error-rate").getByTestId("value")).toHaveText("20%");
    await expect(services.cell(SHOP, "rate").getByTestId("value")).toHaveText(/\/(s|min|h)$/);
    await expect(services.cell(SHOP, "p95").getByTestId("value")).toHaveText(/\d+(\.\d+)?ms$/);
    for (const column of ["rate", "error-rate", "p95"] as const) {
      await expect(services.cell(SHOP, column).locator("svg path").first()).toBeAttached();
      // Nothing in the hour before: each number is new.
      await expect(services.cell(SHOP, column).getByTestId("change")).toHaveText("new");
    }

    await services.expand(SHOP);
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

  test("puts the worst first: the highest error rate, a service with errors at the top", async ({ page }) => {
    const services = new ServicesPage(page);
    await services.open("lookback=1h");
    await expect(services.sortBy("errorRate")).toHaveText("Error rate ↓");
    const rates = (await services.errorRates()).map(percent);
    expect(rates[0]).toBeGreaterThan(0);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
  });

  test("sorts by a column's header, again reverses it, with the sort and order in the URL", async ({
    page,
    request,
  }) => {
    const services = new ServicesPage(page);
    await services.open("lookback=1h");
    const worstFirst = await services.serviceNames();
    const names = async (order: "asc" | "desc") => {
      const answer = await (
        await request.get(`/api/services/metrics?lookback=1h&sort=name&order=${order}`)
      ).json();
      return (answer as { services: { service: string }[] }).services.map((s) => s.service);
    };

    await services.sortBy("name").click();
    await expect(page).toHaveURL(/\/services\?lookback=1h&sort=name$/);
    await expect(services.sortBy("name")).toHaveText("Service ↑");
    await expect.poll(() => services.serviceNames()).toEqual(await names("asc"));
    expect(await services.serviceNames()).not.toEqual(worstFirst);

    await services.sortBy("name").click();
    await expect(page).toHaveURL(/\/services\?lookback=1h&sort=name&order=desc$/);
    await expect.poll(() => services.serviceNames()).toEqual(await names("desc"));
    expect(await names("desc")).not.toEqual(await names("asc"));

    await page.goBack();
    await expect(page).toHaveURL(/\/services\?lookback=1h&sort=name$/);
    await expect.poll(() => services.serviceNames()).toEqual(await names("asc"));
  });

  test("keeps the time range and step in the URL and says when a window has no calls", async ({ page }) => {
    const services = new ServicesPage(page);
    await services.open("lookback=1h");
    await services.step.selectOption("1m");
    await expect(page).toHaveURL(/\/services\?lookback=1h&step=1m$/);
    await expect(services.summary).toContainText("every 1m, from the per-minute histograms");
    await services.lookback.selectOption("7d");
    await expect(page).toHaveURL(/\/services\?lookback=7d&step=1m$/);

    await services.open("start=2001-01-01T00:00:00.000Z&end=2001-01-01T01:00:00.000Z");
    await expect(services.empty).toContainText("No calls");
    // A window with an end does not move: nothing to refresh.
    await expect(services.refresh).toBeDisabled();

    await services.open("lookback=soon");
    await expect(services.error).toContainText("lookback: expected a duration");
  });
});

test.describe("the services page's auto-refresh", () => {
  // The page's timers run on Playwright's clock, so a refresh is a jump of it, not a wait.
  test.beforeEach(async ({ page }) => page.clock.install());

  test("on, shows spans sent after the page loaded without reloading it", async ({ page, request }) => {
    const live = `live-${RUN}`;
    await send(request, spans(live, 1));
    const services = new ServicesPage(page);
    await services.open(`lookback=1h&service=${live}&refresh=10s`);
    await expect(services.refresh).toHaveValue("10s");
    await expect(services.totals(live)).toHaveText("1 call, 0 errors (0%) · 1 operation");
    const updated = await services.updated.textContent();
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    await send(request, spans(live, 3, { errors: 1 }));
    await page.clock.runFor(10_000);
    await expect(services.totals(live)).toHaveText("4 calls, 1 error (25%) · 1 operation");
    await expect(services.updated).not.toHaveText(updated ?? "");
    expect(await page.evaluate(() => "notReloaded" in window)).toBe(true);
  });

  test("off, in the URL, reads nothing again until it is turned on", async ({ page, request }) => {
    const quiet = `quiet-${RUN}`;
    await send(request, spans(quiet, 2));
    const services = new ServicesPage(page);
    await services.open(`lookback=1h&service=${quiet}`);
    await expect(services.refresh).toHaveValue("30s");
    await services.refresh.selectOption("off");
    await expect(page).toHaveURL(new RegExp(`/services\\?lookback=1h&service=${quiet}&refresh=off$`));
    await expect(services.totals(quiet)).toHaveText("2 calls, 0 errors (0%) · 1 operation");

    const asked: string[] = [];
    page.on("request", (sent) => {
      if (sent.url().includes("/api/services/metrics")) asked.push(sent.url());
    });
    await send(request, spans(quiet, 3));
    await page.clock.runFor(120_000);
    await expect(services.totals(quiet)).toHaveText("2 calls, 0 errors (0%) · 1 operation");
    expect(asked).toEqual([]);

    // Turned on again, the spans sent meanwhile show: they were there to be read all along.
    await services.refresh.selectOption("10s");
    await expect(page).toHaveURL(new RegExp(`/services\\?lookback=1h&service=${quiet}&refresh=10s$`));
    // The interval starts once the page has rendered the new URL: jump the clock until it has.
    await expect
      .poll(async () => {
        await page.clock.runFor(10_000);
        return services.totals(quiet).textContent();
      })
      .toBe("5 calls, 0 errors (0%) · 1 operation");
  });
});

test.describe("the services page's pages", () => {
  const PAGED = Array.from({ length: 25 }, (_, i) => `paged-${RUN}-${String(i).padStart(2, "0")}`);
  const BUSY = `busy-${RUN}`;

  test.beforeAll(async ({ request }) => {
    // A service with seven operations, the first called most.
    const busy = Array.from({ length: 7 }, (_, i) => spans(BUSY, 8 - i, { name: `op ${i}` })).flat();
    await send(request, [...PAGED.flatMap((service) => spans(service, 1, { name: "get /" })), ...busy]);
  });

  test("shows a service's busiest operations, and all of them on its own page", async ({ page }) => {
    const services = new ServicesPage(page);
    await services.openHolding("lookback=1h&sort=name", BUSY);
    await services.expand(BUSY);
    await expect(services.section(BUSY).getByTestId("operation-row")).toHaveCount(5);
    await expect(services.totals(BUSY)).toHaveText("35 calls, 0 errors (0%) · 7 operations");
    await services.allOperations(BUSY).click();
    await expect(page).toHaveURL(new RegExp(`/services\\?lookback=1h&service=${BUSY}&sort=name$`));
    await expect(services.section(BUSY).getByTestId("operation-row")).toHaveCount(7);
    await expect(services.pageRange).toHaveText("1–7 of 7 operations");
    await expect(services.allOperations(BUSY)).toHaveCount(0);
  });

  test("shows 20 services a page, the next after Next, with the page and total in the URL", async ({
    page,
  }) => {
    const services = new ServicesPage(page);
    await services.open("lookback=1h&sort=name");
    await expect(services.rows).toHaveCount(20);
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
