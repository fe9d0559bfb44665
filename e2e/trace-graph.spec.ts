import { expect, test } from "@playwright/test";
import { wideZipkinTrace } from "../test/spans";
import { SpanGraphPanel } from "./pages/SpanGraphPanel";
import { TracePage } from "./pages/TracePage";
import { seedZipkinTrace } from "./seed";

const TRACE_ID = "6a7b0c1d2e3f40516273849506a7b8c9";
const spanId = (n: number) => n.toString(16).padStart(16, "0");

/**
 * A checkout whose second call to the api fails, as Zipkin v2 JSON a minute old (ms from its start):
 *
 * web GET /checkout 0–100
 * ├── web call api 5–45               └── api GET /items 10–40
 * │                                       └── api SELECT 12–20, 21–27, 28–33 (error)
 * ├── web call api 50–80 (error)      └── api GET /items 52–78 (error)
 * │                                       └── api SELECT 54–76 (the slowest SELECT)
 * └── web render 85–95
 */
function checkoutTrace() {
  const startUs = (Date.now() - 60_000) * 1000;
  const span = (
    id: number,
    parent: number | undefined,
    service: string,
    name: string,
    kind: string,
    fromMs: number,
    toMs: number,
    error?: string,
  ) => ({
    traceId: TRACE_ID,
    id: spanId(id),
    ...(parent === undefined ? {} : { parentId: spanId(parent) }),
    name,
    kind,
    timestamp: startUs + fromMs * 1000,
    duration: (toMs - fromMs) * 1000,
    localEndpoint: { serviceName: service },
    ...(error ? { tags: { error } } : {}),
  });
  return [
    span(1, undefined, "web", "GET /checkout", "SERVER", 0, 100),
    span(2, 1, "web", "call api", "CLIENT", 5, 45),
    span(3, 2, "api", "GET /items", "SERVER", 10, 40),
    span(4, 3, "api", "SELECT", "CLIENT", 12, 20),
    span(5, 3, "api", "SELECT", "CLIENT", 21, 27),
    span(6, 3, "api", "SELECT", "CLIENT", 28, 33, "deadlock detected"),
    span(7, 1, "web", "call api", "CLIENT", 50, 80, "502"),
    span(8, 7, "api", "GET /items", "SERVER", 52, 78, "upstream failed"),
    span(9, 8, "api", "SELECT", "CLIENT", 54, 76),
    span(10, 1, "web", "render", "SERVER", 85, 95),
  ];
}

test.describe("the trace's span graph", () => {
  test.beforeAll(async ({ request }) => {
    await seedZipkinTrace(request, checkoutTrace());
  });

  test("shows one box per operation with its spans and errors, and the calls between them", async ({
    page,
  }) => {
    const trace = new TracePage(page);
    const graph = new SpanGraphPanel(page);
    await trace.open(TRACE_ID);
    await trace.tab("graph").click();
    await expect(page).toHaveURL(/[?&]tab=graph/);
    await expect(graph.summary).toHaveText("5 operations, 9 calls");
    await expect(graph.nodes).toHaveCount(5);
    const expected: [string, string, string, number][] = [
      ["web", "GET /checkout", "1 span", 0],
      ["web", "call api", "2 spans", 1],
      ["api", "GET /items", "2 spans", 1],
      ["api", "SELECT", "4 spans", 1],
      ["web", "render", "1 span", 0],
    ];
    for (const [service, operation, spans, errors] of expected) {
      const node = graph.node(service, operation);
      await expect(node.getByTestId("span-graph-node-service")).toHaveText(service);
      await expect(node.getByTestId("span-graph-node-operation")).toHaveText(operation);
      await expect(node.getByTestId("span-graph-node-spans")).toHaveText(spans);
      await expect(node.getByTestId("span-graph-node-errors")).toHaveCount(errors);
    }
    // The SELECTs: 8 + 6 + 5 + 22 ms, none with a child, so all of it their own.
    await expect(graph.node("api", "SELECT").getByTestId("span-graph-node-times")).toHaveText(
      "41ms total · 41ms self",
    );
    // A failing operation is marked: its errors counted in red, its box edged in red.
    const failing = graph.node("api", "SELECT");
    await expect(failing.getByTestId("span-graph-node-errors")).toHaveText("1 error");
    await expect(failing.getByTestId("span-graph-node-errors")).toHaveAttribute("fill", "#dc2626");
    await expect(failing.locator("rect").first()).toHaveAttribute("stroke", "#dc2626");
    await expect(graph.node("web", "render").locator("rect").first()).not.toHaveAttribute(
      "stroke",
      "#dc2626",
    );

    const apiCalls = graph.edge("web: call api", "api: GET /items");
    await expect(apiCalls.getByTestId("span-graph-edge-calls")).toHaveText("2 calls");
    await expect(apiCalls.getByTestId("span-graph-edge-errors")).toHaveText("1 error");
    await expect(graph.edgeLine("web: call api", "api: GET /items")).toHaveAttribute("stroke", "#dc2626");
    await expect(graph.edgeLine("web: GET /checkout", "web: render")).not.toHaveAttribute(
      "stroke",
      "#dc2626",
    );
    const queries = graph.edge("api: GET /items", "api: SELECT");
    await expect(queries.getByTestId("span-graph-edge-calls")).toHaveText("4 calls");
    const render = graph.edge("web: GET /checkout", "web: render");
    await expect(render.getByTestId("span-graph-edge-calls")).toHaveText("1 call");
    await expect(render.getByTestId("span-graph-edge-errors")).toHaveCount(0);
    await expect(graph.edges).toHaveCount(4);

    // The root's box is drawn above its callees', and they above theirs.
    const top = async (service: string, operation: string) =>
      (await graph.node(service, operation).boundingBox())?.y ?? Number.NaN;
    expect(await top("web", "GET /checkout")).toBeLessThan(await top("web", "call api"));
    expect(await top("web", "call api")).toBeLessThan(await top("api", "GET /items"));
    expect(await top("api", "GET /items")).toBeLessThan(await top("api", "SELECT"));
  });

  test("collapses to one box per service, and keeps that in the URL across a reload", async ({ page }) => {
    const trace = new TracePage(page);
    const graph = new SpanGraphPanel(page);
    await trace.openTab(TRACE_ID, "graph");
    await graph.groupBy("service").click();
    await expect(page).toHaveURL(/[?&]graphBy=service/);
    await expect(graph.groupBy("service")).toHaveAttribute("aria-pressed", "true");
    await expect(graph.summary).toHaveText("2 services, 9 calls");
    await expect(graph.nodes).toHaveCount(2);
    await expect(graph.node("web").getByTestId("span-graph-node-spans")).toHaveText("4 spans");
    await expect(graph.node("web").getByTestId("span-graph-node-errors")).toHaveText("1 error");
    await expect(graph.node("api").getByTestId("span-graph-node-spans")).toHaveText("6 spans");
    await expect(graph.node("api").getByTestId("span-graph-node-errors")).toHaveText("2 errors");
    await expect(graph.edge("web", "api").getByTestId("span-graph-edge-calls")).toHaveText("2 calls");
    // Calls within a service: web's call api and render spans, api's SELECTs.
    await expect(graph.edge("web", "web").getByTestId("span-graph-edge-calls")).toHaveText("3 calls");
    await expect(graph.edge("api", "api").getByTestId("span-graph-edge-calls")).toHaveText("4 calls");

    await page.reload();
    await expect(trace.tab("graph")).toHaveAttribute("aria-current", "page");
    await expect(graph.view).toHaveAttribute("data-grouping", "service");
    await expect(graph.nodes).toHaveCount(2);
    await graph.groupBy("operation").click();
    await expect(graph.nodes).toHaveCount(5);
    await expect(page).not.toHaveURL(/graphBy/);
  });

  test("clicking a box opens its slowest span's details", async ({ page }) => {
    const trace = new TracePage(page);
    const graph = new SpanGraphPanel(page);
    await trace.openTab(TRACE_ID, "graph");
    await graph.node("api", "SELECT").click();
    await expect(trace.details.getByTestId("span-details-name")).toHaveText("SELECT");
    await expect(trace.details).toContainText("22ms");
    await expect(page).toHaveURL(new RegExp(`[?&]span=${spanId(9)}`));
    await expect(graph.node("api", "SELECT")).toHaveAttribute("aria-pressed", "true");
    await expect(graph.node("api", "SELECT").getByTestId("span-graph-node-selected")).toBeVisible();
    await expect(page.getByTestId("span-graph-node-selected")).toHaveCount(1);
    // From the keyboard too.
    await graph.node("web", "render").focus();
    await page.keyboard.press("Enter");
    await expect(trace.details.getByTestId("span-details-name")).toHaveText("render");
    await expect(page).toHaveURL(new RegExp(`[?&]span=${spanId(10)}`));
    // The tab and the span come back with the URL.
    await page.reload();
    await expect(graph.nodes).toHaveCount(5);
    await expect(trace.details.getByTestId("span-details-name")).toHaveText("render");
  });

  test("folds the least busy operations into one box past 300", async ({ page, request }) => {
    // A root calling 320 operations once each: the root and the first 298 stay, 22 fold.
    const wideId = await seedZipkinTrace(
      request,
      wideZipkinTrace("6a7b0c1d2e3f40516273849506a7b8ca", 321, "batch"),
    );
    const graph = new SpanGraphPanel(page);
    await new TracePage(page).openTab(wideId, "graph");
    await expect(graph.summary).toHaveText(
      "321 operations, 320 calls (the least busy 22 folded into “other”)",
    );
    await expect(graph.nodes).toHaveCount(300);
    await expect(graph.folded().getByTestId("span-graph-node-service")).toHaveText("other (22 operations)");
    await expect(graph.folded().getByTestId("span-graph-node-spans")).toHaveText("22 spans");
    await expect(graph.node("batch", "step 298")).toHaveCount(1);
    await expect(graph.node("batch", "step 299")).toHaveCount(0);
    const toOther = graph.edge("batch: step 0", "other (22 operations)");
    await expect(toOther.getByTestId("span-graph-edge-calls")).toHaveText("22 calls");
  });
});
