import { readFileSync } from "node:fs";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { CORPUS_FOUND, CORPUS_MISSING, readZipkinV2Fixture } from "../test/fixtures";
import {
  LARGE_TRACE_DEEPEST,
  LARGE_TRACE_RARE_NAME,
  LARGE_TRACE_ROOT_US,
  LARGE_TRACE_SERVICES,
  largeZipkinTrace,
} from "../test/large-trace";
import { TracePage } from "./pages/TracePage";
import { seedZipkinTrace } from "./seed";

/**
 * The trace page on large traces: the 957-span SmartThings production trace (1,041 Zipkin spans, 16
 * services, depth 39) where the corpus is, and a generated 600-span one (test/large-trace.ts)
 * everywhere; then a trace whose server's clock runs behind, and one with missing parents.
 */
interface LargeTrace {
  name: string;
  corpus: boolean;
  seed: (request: APIRequestContext) => Promise<string>;
  spans: number;
  services: number;
  depth: number;
  /** Visible once collapsed to the root and opened one level. */
  oneLevel: number;
  /** The descendants of the root's first child. */
  firstChildSubtree: number;
  deepest: { spanId: string; name: string; attribute: string };
  search: { text: string; matches: number };
  rootDuration: string;
}

const GENERATED_ID = "5e7e2e6b0a6e4f0c9d8e7f6a5b4c3d2e";
const TRACES: LargeTrace[] = [
  {
    name: "smartthings-mobile-web-install",
    corpus: true,
    seed: (request) =>
      seedZipkinTrace(
        request,
        readZipkinV2Fixture("zipkin/lens-testdata/smartthings-mobile-web-install.json"),
      ),
    spans: 957,
    services: 16,
    depth: 39,
    oneLevel: 4,
    firstChildSubtree: 2,
    // client-select-by-id in auth, at depth 38
    deepest: { spanId: "b2766e10cd03d005", name: "client-select-by-id", attribute: "cassandra.query" },
    search: { text: "pusher", matches: 11 },
    rootDuration: "4.35s",
  },
  {
    name: "a generated 600-span trace",
    corpus: false,
    seed: (request) => seedZipkinTrace(request, largeZipkinTrace(GENERATED_ID)),
    spans: 600,
    services: LARGE_TRACE_SERVICES.length,
    depth: 30,
    oneLevel: 5,
    firstChildSubtree: 548,
    // The chain's last span, the 30th.
    deepest: { spanId: (30).toString(16).padStart(16, "0"), ...LARGE_TRACE_DEEPEST },
    search: { text: LARGE_TRACE_RARE_NAME, matches: 14 },
    rootDuration: `${LARGE_TRACE_ROOT_US / 1_000_000}s`,
  },
];

for (const subject of TRACES) {
  const { spans, deepest } = subject;
  test.describe(`the trace timeline on ${subject.name}`, () => {
    test.skip(subject.corpus && !CORPUS_FOUND, CORPUS_MISSING);
    let traceId: string;
    test.beforeAll(async ({ request }) => {
      traceId = await subject.seed(request);
    });

    test("shows the header and the whole tree, and folds it", async ({ page }) => {
      const trace = new TracePage(page);
      await trace.open(traceId);
      await expect(trace.spanCount).toHaveText(String(spans));
      await expect(page.getByTestId("trace-services")).toHaveText(String(subject.services));
      await expect(page.getByTestId("trace-depth")).toHaveText(String(subject.depth));
      expect(await trace.visibleRowCount()).toBe(spans);
      // Virtualised: far fewer rows in the page than in the trace.
      expect(await trace.rows.count()).toBeLessThan(100);

      await trace.toolbarButton("Collapse all").click();
      await expect(trace.spanList).toHaveAttribute("data-visible-rows", "1");
      await trace.toolbarButton("+1 level").click();
      await expect(trace.spanList).toHaveAttribute("data-visible-rows", String(subject.oneLevel));
      await trace.toolbarButton("Expand all").click();
      await expect(trace.spanList).toHaveAttribute("data-visible-rows", String(spans));

      // Folding the root's first child hides its subtree.
      await trace.rows.nth(1).getByTestId("span-toggle").click();
      await expect(trace.spanList).toHaveAttribute(
        "data-visible-rows",
        String(spans - subject.firstChildSubtree),
      );
      await trace.rows.nth(1).getByTestId("span-toggle").click();
      await expect(trace.spanList).toHaveAttribute("data-visible-rows", String(spans));
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

      await trace.open(traceId, `?span=${deepest.spanId}`);
      await expect(trace.row(deepest.spanId)).toHaveAttribute("aria-selected", "true");
      await expect(trace.row(deepest.spanId)).toBeInViewport();
      await expect(page.getByTestId("span-details-name")).toHaveText(deepest.name);
      await expect(trace.details.getByTestId("span-attributes")).toContainText(deepest.attribute);

      // The keyboard moves the selection, and the URL follows.
      await trace.row(deepest.spanId).click();
      await page.keyboard.press("ArrowUp");
      await expect(trace.row(deepest.spanId)).toHaveAttribute("aria-selected", "false");
      await expect(page).not.toHaveURL(new RegExp(`span=${deepest.spanId}`));
    });

    test("finds spans in the trace and steps through them", async ({ page }) => {
      const trace = new TracePage(page);
      await trace.open(traceId);
      await trace.search.fill(subject.search.text);
      await expect(trace.searchCount).toHaveText(`${subject.search.matches} matches`);
      await trace.search.press("Enter");
      await expect(trace.searchCount).toHaveText(`1 of ${subject.search.matches} matches`);
      await expect(page).toHaveURL(/[?&]span=[0-9a-f]{16}/);
      const selected = page.locator('[data-testid="span-row"][aria-selected="true"]');
      const firstTop = await selected.evaluate((row) => (row as HTMLElement).style.top);
      await trace.search.press("Enter");
      await expect(trace.searchCount).toHaveText(`2 of ${subject.search.matches} matches`);
      // The next match is another row (maybe the other half of the same shared span id).
      expect(await selected.evaluate((row) => (row as HTMLElement).style.top)).not.toBe(firstTop);
      await expect(selected).toHaveAttribute("data-matched", "true");
      await expect(selected).toContainText(subject.search.text);
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
      await expect(durations.first()).toHaveText(subject.rootDuration);
      await page.getByTestId("sort-duration").click();
      await expect(durations.first()).not.toHaveText(subject.rootDuration);

      await trace.tab("json").click();
      await expect(page.getByTestId("trace-json")).toContainText(traceId);
      const download = page.waitForEvent("download");
      await page.getByTestId("download-zipkin").click();
      const file = await (await download).path();
      const downloaded = JSON.parse(readFileSync(file, "utf8")) as { traceId: string }[];
      expect(downloaded).toHaveLength(spans);
      expect(downloaded[0]?.traceId).toBe(traceId);

      // A shared URL opens the same view.
      await page.goto(`/trace/${traceId}?tab=table`);
      await expect(page.getByTestId("span-table")).toBeVisible();
    });
  });
}

/** servicea calls serviceb, whose clock runs 60 ms behind: its server half and async child start early. */
const SKEWED = "0000000000000000000000000005e3e0";
const skewedTrace = () =>
  [
    {
      id: "00000000000000a1",
      name: "get",
      kind: "SERVER",
      timestamp: 0,
      duration: 100_000,
      service: "servicea",
    },
    {
      id: "00000000000000a2",
      parentId: "00000000000000a1",
      name: "post",
      kind: "CLIENT",
      timestamp: 10_000,
      duration: 80_000,
      service: "servicea",
    },
    {
      id: "00000000000000a2",
      parentId: "00000000000000a1",
      name: "post",
      kind: "SERVER",
      shared: true,
      timestamp: -50_000,
      duration: 70_000,
      service: "serviceb",
    },
    {
      id: "00000000000000a3",
      parentId: "00000000000000a2",
      name: "async",
      timestamp: -40_000,
      duration: 20_000,
      service: "serviceb",
    },
  ].map(({ service, timestamp, ...span }) => ({
    traceId: SKEWED,
    ...span,
    timestamp: 1_709_294_400_000_000 + timestamp,
    localEndpoint: { serviceName: service },
  }));

/** A trace whose root's parent, and one other span's, were never sent. */
const ORPHANED = "000000000000000000000000000a0a0a";
const orphanedTrace = () =>
  [
    {
      id: "00000000000000b1",
      parentId: "00000000000000ff",
      name: "post /transfer",
      service: "mobile-gateway",
    },
    { id: "00000000000000b2", parentId: "00000000000000b1", name: "authenticate", service: "auth-service" },
    {
      id: "00000000000000b3",
      parentId: "00000000000000fe",
      name: "consume",
      service: "notification-service",
    },
  ].map(({ service, ...span }, i) => ({
    traceId: ORPHANED,
    ...span,
    timestamp: 1_709_294_400_000_000 + i * 1_000,
    duration: 5_000,
    localEndpoint: { serviceName: service },
  }));

async function expectTwoShiftedAndRawOnRequest(page: Page, traceId: string) {
  const trace = new TracePage(page);
  await trace.open(traceId);
  await expect(trace.skewCount).toHaveText("(2 spans shifted)");
  await expect(page.getByTestId("skew-mark")).toHaveCount(2);
  await trace.skewToggle.uncheck();
  await expect(page).toHaveURL(/skew=off/);
  await expect(page.getByTestId("skew-mark")).toHaveCount(0);
}

test.describe("traces that are not whole", () => {
  test("corrects clock skew, marks it, and shows raw times on request", async ({ page, request }) => {
    await expectTwoShiftedAndRawOnRequest(page, await seedZipkinTrace(request, skewedTrace()));
  });

  test("corrects the clock skew of Zipkin Lens's skew trace", async ({ page, request }) => {
    test.skip(!CORPUS_FOUND, CORPUS_MISSING);
    const traceId = await seedZipkinTrace(request, readZipkinV2Fixture("zipkin/lens-testdata/skew.json"));
    await expectTwoShiftedAndRawOnRequest(page, traceId);
  });

  test("renders missing parents as a forest marked incomplete", async ({ page, request }) => {
    const traceId = await seedZipkinTrace(request, orphanedTrace());
    const trace = new TracePage(page);
    await trace.open(traceId);
    await expect(page.getByTestId("trace-incomplete")).toBeVisible();
    await expect(trace.rows.filter({ hasText: "orphan" })).toHaveCount(2);
  });

  test("renders the missing parents of Zipkin Lens's messaging2 trace as a forest", async ({
    page,
    request,
  }) => {
    test.skip(!CORPUS_FOUND, CORPUS_MISSING);
    const traceId = await seedZipkinTrace(
      request,
      readZipkinV2Fixture("zipkin/lens-testdata/messaging2.json"),
    );
    const trace = new TracePage(page);
    await trace.open(traceId);
    await expect(page.getByTestId("trace-incomplete")).toBeVisible();
    await expect(trace.rows.filter({ hasText: "orphan" }).first()).toBeVisible();
  });
});
