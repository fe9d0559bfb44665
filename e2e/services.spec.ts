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
