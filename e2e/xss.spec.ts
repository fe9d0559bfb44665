import { expect, type Page, test } from "@playwright/test";
import { ComparePage } from "./pages/ComparePage";
import { DependenciesPage } from "./pages/DependenciesPage";
import { PageWatch } from "./pages/PageWatch";
import { SearchPage } from "./pages/SearchPage";
import { ServicesPage } from "./pages/ServicesPage";
import { TracePage, type TraceTab } from "./pages/TracePage";
import { UploadPage } from "./pages/UploadPage";
import { PAYLOADS, type PayloadTraces, payloadFile, seedPayloadTraces } from "./xss-traces";

/**
 * Stored XSS and reflected XSS, on every page and tab: traces whose every text field is markup or
 * script (e2e/xss-traces.ts), and the same payloads in every URL parameter a page shows back. The
 * payloads must show as text and never run, never become elements, never trip the CSP.
 */
const RUN = Date.now().toString(16);
const TABS: TraceTab[] = ["timeline", "flame", "graph", "stats", "table", "events", "json"];
let traces: PayloadTraces;

test.beforeAll(async ({ request }) => {
  traces = await seedPayloadTraces(request, RUN);
});

let watch: PageWatch;
test.beforeEach(({ page }) => {
  watch = new PageWatch(page);
});
test.afterEach(() => {
  expect(watch.dialogs).toEqual([]);
  expect(watch.cspViolations).toEqual([]);
});

async function expectInert(page: Page, state: string): Promise<void> {
  expect(await watch.injected(), state).toEqual([]);
  expect(page.url(), state).not.toMatch(/^javascript:/);
}

test.describe("payloads stay text", () => {
  test("on the search page: results, the pickers' suggestions, and echoed parameters", async ({ page }) => {
    const search = new SearchPage(page);
    await search.open("lookback=1h");
    await expect(search.result(traces.zipkinTraceId)).toContainText(traces.rootName);
    await expectInert(page, "recent traces");

    await search.open(`service=${encodeURIComponent(traces.service)}&lookback=1h`);
    await expect(search.result(traces.zipkinTraceId)).toBeVisible();
    await expectInert(page, "a payload service's traces");

    await search.field("Service").fill("<");
    await expect(search.suggestions("Service").first()).toBeVisible();
    await search.field("Operation").fill("<");
    await expectInert(page, "suggestions");

    const echoed = PAYLOADS.map((payload) => encodeURIComponent(payload));
    for (const [i, payload] of echoed.entries()) {
      await search.open(
        `service=${payload}&operation=${payload}&tags=${payload}&minDuration=${payload}&lookback=${echoed[(i + 1) % echoed.length]}`,
      );
      await expectInert(page, `search parameters holding payload ${i}`);
    }
  });

  test("on every tab of both traces, and in every span's details", async ({ page }) => {
    const trace = new TracePage(page);
    for (const traceId of [traces.zipkinTraceId, traces.otlpTraceId]) {
      for (const tab of TABS) {
        await trace.openTab(traceId, tab);
        await expectInert(page, `${traceId} ${tab}`);
      }
      await trace.open(traceId);
      const rows = await trace.rows.count();
      for (let row = 0; row < rows; row++) {
        await trace.rows.nth(row).click();
        await expect(trace.details).toBeVisible();
        await expectInert(page, `${traceId} span ${row}`);
      }
      await trace.search.fill(PAYLOADS[0]);
      await expectInert(page, `${traceId} find in trace`);
    }
    await trace.open(traces.zipkinTraceId);
    await expect(trace.rows.first()).toContainText(traces.rootName);
    await trace.open(traces.otlpTraceId, "?span=00000000000000b1");
    await expect(trace.details).toContainText(PAYLOADS[6]);
  });

  test("on trace links whose id or parameters are payloads", async ({ page }) => {
    for (const payload of PAYLOADS) {
      const encoded = encodeURIComponent(payload);
      await page.goto(`/trace/${encoded}`);
      await expectInert(page, `trace id ${payload}`);
      await page.goto(`/trace/${traces.zipkinTraceId}?tab=${encoded}&span=${encoded}&skew=${encoded}`);
      await new TracePage(page).spanList.waitFor();
      await expectInert(page, `trace parameters ${payload}`);
    }
  });

  test("on the comparison of both traces, and of payload ids", async ({ page }) => {
    const compare = new ComparePage(page);
    await compare.open(traces.zipkinTraceId, traces.otlpTraceId);
    await expect(compare.table).toBeVisible();
    await expectInert(page, "comparison");
    for (const payload of PAYLOADS) {
      await compare.open(payload, `${payload}b`);
      await expect(compare.problem("a")).toContainText(payload);
      await expectInert(page, `comparison of ${payload}`);
    }
  });

  test("on the dependency graph, its tooltips and a node's panel", async ({ page }) => {
    test.setTimeout(60_000);
    const graph = new DependenciesPage(page);
    // Links are derived by a background job a second after a trace's last span.
    await expect(async () => {
      await graph.open("lookback=15m");
      await expect(graph.nodes.filter({ hasText: RUN })).toHaveCount(2, { timeout: 1_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000, 2_000] });
    await expectInert(page, "graph");
    await graph.nodes.filter({ hasText: RUN }).first().click();
    await expect(graph.panel).toContainText(RUN);
    await expectInert(page, "node panel");
    await graph.open(`lookback=${encodeURIComponent(PAYLOADS[0])}`);
    await expectInert(page, "graph with a payload lookback");
  });

  test("on the services page and a payload service's own page", async ({ page }) => {
    const services = new ServicesPage(page);
    await services.openHolding("lookback=1h", traces.service);
    await expect(services.rows.filter({ hasText: RUN }).first()).toBeVisible();
    await expectInert(page, "services");
    await services.open(`service=${encodeURIComponent(traces.service)}&lookback=1h`);
    await expect(services.sections.first()).toContainText(RUN);
    await expectInert(page, "a payload service");
    await services.open(
      `sort=${encodeURIComponent(PAYLOADS[1])}&lookback=${encodeURIComponent(PAYLOADS[2])}`,
    );
    await expectInert(page, "services with payload parameters");
  });

  test("on the upload page's results, stored and refused", async ({ page }) => {
    const upload = new UploadPage(page);
    await upload.open();
    const stored = payloadFile(RUN);
    const refused = {
      name: `${PAYLOADS[0]}.json`,
      mimeType: "application/json",
      buffer: Buffer.from(PAYLOADS[1]),
    };
    await upload.input.setInputFiles([stored, refused]);
    await expect(upload.state(stored.name)).toHaveText("stored");
    await expect(upload.state(refused.name)).toHaveText("refused");
    await expect(upload.file(refused.name)).toContainText(PAYLOADS[0]);
    await expectInert(page, "upload results");
  });
});
