import { expect, test } from "@playwright/test";
import { wideZipkinTrace } from "../test/spans";
import { readTestData } from "../test/test-data";
import { E2E_MAX_TRACE_SPANS } from "./global-setup";
import { SearchPage } from "./pages/SearchPage";
import { TracePage } from "./pages/TracePage";
import { seedZipkinTrace } from "./seed";

test.describe("a posted trace @smoke", () => {
  test("is found by a search and opens as an indented span tree", async ({ page, request }) => {
    const traceId = await seedZipkinTrace(request, readTestData("zipkin-v2-checkout.json") as unknown[]);

    // test/data's trace was recorded on 2024-03-01: a window around that day finds it.
    const search = new SearchPage(page);
    await search.open("start=2024-03-01T00:00:00Z&end=2024-03-02T00:00:00Z&limit=1000");
    await search.result(traceId).getByRole("link").click();

    const trace = new TracePage(page);
    await expect(page).toHaveURL(`/trace/${traceId}`);
    await expect(trace.traceId).toHaveText(traceId);
    await expect(trace.spanCount).toHaveText("8");
    await expect(trace.rows).toHaveCount(8);
    // The root is drawn first and flush left; its children are indented beneath it.
    const first = trace.rows.first();
    await expect(first).toHaveAttribute("data-span-id", /.+/);
    const rootPadding = await first
      .locator("div")
      .first()
      .evaluate((el) => getComputedStyle(el).paddingLeft);
    const childPadding = await trace.rows
      .nth(1)
      .locator("div")
      .first()
      .evaluate((el) => getComputedStyle(el).paddingLeft);
    expect(Number.parseFloat(childPadding)).toBeGreaterThan(Number.parseFloat(rootPadding));
  });

  test("says so when a trace id is unknown", async ({ page }) => {
    const response = await page.goto("/trace/0123456789abcdef0123456789abcdef");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Trace not found" })).toBeVisible();
  });

  test("shows the database as up", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/search$/);
    await expect(page.getByTestId("db-status")).toHaveText("database up");
  });
});

test.describe("a trace past the server's span limit", () => {
  test("opens truncated, with a banner giving its true span count", async ({ page, request }) => {
    const traceId = "0b160b160b160b160b160b160b160b16";
    const total = E2E_MAX_TRACE_SPANS + 200;
    const spans = wideZipkinTrace(traceId, total, "large");
    expect((await request.post("/api/v2/spans", { data: spans })).status()).toBe(202);

    const trace = new TracePage(page);
    await trace.open(traceId);
    await expect(trace.truncatedBanner).toHaveText(
      `This trace has ${total.toLocaleString("en-US")} spans; showing the first ${E2E_MAX_TRACE_SPANS.toLocaleString("en-US")} by start time (the server's limit, TRACELIGHT_MAX_TRACE_SPANS).`,
    );
    await expect(trace.spanCount).toHaveText(String(E2E_MAX_TRACE_SPANS));
  });
});
