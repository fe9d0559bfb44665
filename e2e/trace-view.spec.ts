import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { TracePage } from "./pages/TracePage";
import { seedZipkinFixture } from "./seed";

/**
 * The trace page on real traces: the 957-span SmartThings production trace (1,041 Zipkin spans, 16
 * services, depth 39), Zipkin Lens's skew trace, and a messaging trace with missing parents.
 */
const SMARTTHINGS = "zipkin/lens-testdata/smartthings-mobile-web-install.json";
const DEEPEST_SPAN = "b2766e10cd03d005"; // client-select-by-id in auth, at depth 38

test.describe("the trace timeline", () => {
  let traceId: string;
  test.beforeAll(async ({ request }) => {
    traceId = await seedZipkinFixture(request, SMARTTHINGS);
  });

  test("shows the header and the whole tree, and folds it", async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(traceId);
    await expect(trace.spanCount).toHaveText("957");
    await expect(page.getByTestId("trace-services")).toHaveText("16");
    await expect(page.getByTestId("trace-depth")).toHaveText("39");
    expect(await trace.visibleRowCount()).toBe(957);
    // Virtualised: far fewer rows in the page than in the trace.
    expect(await trace.rows.count()).toBeLessThan(100);

    await trace.toolbarButton("Collapse all").click();
    await expect(trace.spanList).toHaveAttribute("data-visible-rows", "1");
    await trace.toolbarButton("+1 level").click();
    await expect(trace.spanList).toHaveAttribute("data-visible-rows", "4");
    await trace.toolbarButton("Expand all").click();
    await expect(trace.spanList).toHaveAttribute("data-visible-rows", "957");

    // Folding the root's first child hides its subtree of 2 spans.
    await trace.rows.nth(1).getByTestId("span-toggle").click();
    await expect(trace.spanList).toHaveAttribute("data-visible-rows", "955");
    await trace.rows.nth(1).getByTestId("span-toggle").click();
    await expect(trace.spanList).toHaveAttribute("data-visible-rows", "957");
  });

  test("zooms by brushing the minimap and resets", async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(traceId);
    const firstTick = trace.ruler.locator("span").first();
    await expect(firstTick).toHaveText("0µs");
    await trace.brushMinimap(0.5, 0.75);
    await expect(firstTick).not.toHaveText("0µs");
    const minimap = await trace.minimap.boundingBox();
    const window = await trace.minimapWindow.boundingBox();
    expect(window?.width).toBeGreaterThan((minimap?.width ?? 0) * 0.2);
    expect(window?.width).toBeLessThan((minimap?.width ?? 0) * 0.3);
    await trace.toolbarButton("Reset zoom").click();
    await expect(firstTick).toHaveText("0µs");
  });

  test("opens a span's details, and a ?span= link selects a deep span", async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(traceId);
    await trace.rows.first().click();
    await expect(trace.details).toBeVisible();
    await expect(page).toHaveURL(/[?&]span=[0-9a-f]{16}/);

    await trace.open(traceId, `?span=${DEEPEST_SPAN}`);
    await expect(trace.row(DEEPEST_SPAN)).toHaveAttribute("aria-selected", "true");
    await expect(trace.row(DEEPEST_SPAN)).toBeInViewport();
    await expect(page.getByTestId("span-details-name")).toHaveText("client-select-by-id");
    await expect(trace.details.getByTestId("span-attributes")).toContainText("cassandra.query");

    // The keyboard moves the selection, and the URL follows.
    await trace.row(DEEPEST_SPAN).click();
    await page.keyboard.press("ArrowUp");
    await expect(trace.row(DEEPEST_SPAN)).toHaveAttribute("aria-selected", "false");
    await expect(page).not.toHaveURL(new RegExp(`span=${DEEPEST_SPAN}`));
  });

  test("finds spans in the trace and steps through them", async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(traceId);
    await trace.search.fill("pusher");
    await expect(trace.searchCount).toHaveText("11 matches");
    await trace.search.press("Enter");
    await expect(trace.searchCount).toHaveText("1 of 11 matches");
    await expect(page).toHaveURL(/[?&]span=[0-9a-f]{16}/);
    const selected = page.locator('[data-testid="span-row"][aria-selected="true"]');
    const firstTop = await selected.evaluate((row) => (row as HTMLElement).style.top);
    await trace.search.press("Enter");
    await expect(trace.searchCount).toHaveText("2 of 11 matches");
    // The next match is another row (maybe the other half of the same shared span id).
    expect(await selected.evaluate((row) => (row as HTMLElement).style.top)).not.toBe(firstTop);
    await expect(selected).toHaveAttribute("data-matched", "true");
    await expect(selected).toContainText("pusher");
  });

  test("switches views by tab, each in the URL, and downloads the trace", async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(traceId);

    await trace.tab("flame").click();
    await expect(page).toHaveURL(/tab=flame/);
    await expect(page.getByTestId("flame-graph")).toBeVisible();

    await trace.tab("table").click();
    await expect(page).toHaveURL(/tab=table/);
    const durations = page.getByTestId("span-table-duration");
    await expect(durations.first()).toHaveText("4.35s");
    await page.getByTestId("sort-duration").click();
    await expect(durations.first()).not.toHaveText("4.35s");

    await trace.tab("json").click();
    await expect(page.getByTestId("trace-json")).toContainText(traceId);
    const download = page.waitForEvent("download");
    await page.getByTestId("download-zipkin").click();
    const file = await (await download).path();
    const spans = JSON.parse(readFileSync(file, "utf8")) as { traceId: string }[];
    expect(spans).toHaveLength(957);
    expect(spans[0]?.traceId).toBe(traceId);

    // A shared URL opens the same view.
    await page.goto(`/trace/${traceId}?tab=table`);
    await expect(page.getByTestId("span-table")).toBeVisible();
  });
});

test.describe("traces that are not whole", () => {
  test("corrects clock skew, marks it, and shows raw times on request", async ({ page, request }) => {
    const traceId = await seedZipkinFixture(request, "zipkin/lens-testdata/skew.json");
    const trace = new TracePage(page);
    await trace.open(traceId);
    await expect(trace.skewCount).toHaveText("(2 spans shifted)");
    await expect(page.getByTestId("skew-mark")).toHaveCount(2);
    await trace.skewToggle.uncheck();
    await expect(page).toHaveURL(/skew=off/);
    await expect(page.getByTestId("skew-mark")).toHaveCount(0);
  });

  test("renders missing parents as a forest marked incomplete", async ({ page, request }) => {
    const traceId = await seedZipkinFixture(request, "zipkin/lens-testdata/messaging2.json");
    const trace = new TracePage(page);
    await trace.open(traceId);
    await expect(page.getByTestId("trace-incomplete")).toBeVisible();
    await expect(trace.rows.filter({ hasText: "orphan" }).first()).toBeVisible();
  });
});
