import { expect, test } from "@playwright/test";
import { TracePage } from "./pages/TracePage";
import { seedZipkinTrace } from "./seed";

/**
 * What the timeline's rows say about each span: its kind or system as an icon, "caller → callee" on
 * calls, how many spans a folded row hides; and the timeline re-rooted on one span. On a cart page
 * of 9 spans, recorded on 2024-03-01 (away from the searches of the last hours):
 *
 *   c1 frontend  get /cart              HTTP server            0–100ms
 *   c2 ├ frontend select cart           → postgres (database)  5–15ms
 *   c3 ├ frontend get /prices           → pricing (HTTP)       20–70ms
 *   c4 │ └ pricing get /prices          HTTP server            22–67ms
 *   c5 │   ├ pricing compute discounts  internal               25–35ms
 *   c6 │   │ └ pricing apply coupon     internal               26–29ms
 *   c7 │   └ pricing get                → redis (database)     40–42ms
 *   c8 ├ frontend publish cart-viewed   → kafka/cart-events    75–76ms
 *   c9 └ frontend Inventory/Check       → inventory (gRPC)     80–95ms
 */
const TRACE_ID = "000000000000000000000000000ca27e";
const id = (n: number) => `00000000000000c${n}`;
const ALL = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(id);

function cartTrace() {
  const span = (n: number, parent: number | undefined, service: string, fields: Record<string, unknown>) => ({
    traceId: TRACE_ID,
    id: id(n),
    ...(parent ? { parentId: id(parent) } : {}),
    localEndpoint: { serviceName: service },
    ...fields,
  });
  const at = (startMs: number, durationMs: number) => ({
    timestamp: 1_709_294_400_000_000 + startMs * 1000,
    duration: durationMs * 1000,
  });
  return [
    span(1, undefined, "frontend", {
      name: "get /cart",
      kind: "SERVER",
      ...at(0, 100),
      tags: { "http.method": "GET", "http.path": "/cart" },
    }),
    span(2, 1, "frontend", {
      name: "select cart",
      kind: "CLIENT",
      ...at(5, 10),
      remoteEndpoint: { serviceName: "postgres", port: 5432 },
      tags: { "db.system": "postgresql", "db.name": "shop" },
    }),
    span(3, 1, "frontend", {
      name: "get /prices",
      kind: "CLIENT",
      ...at(20, 50),
      tags: { "http.method": "GET", "http.path": "/prices" },
    }),
    span(4, 3, "pricing", {
      name: "get /prices",
      kind: "SERVER",
      ...at(22, 45),
      tags: { "http.method": "GET", "http.path": "/prices" },
    }),
    span(5, 4, "pricing", { name: "compute discounts", ...at(25, 10) }),
    span(6, 5, "pricing", { name: "apply coupon", ...at(26, 3) }),
    span(7, 4, "pricing", {
      name: "get",
      kind: "CLIENT",
      ...at(40, 2),
      tags: { "db.system": "redis", "server.address": "cache.internal", "server.port": "6379" },
    }),
    span(8, 1, "frontend", {
      name: "publish cart-viewed",
      kind: "PRODUCER",
      ...at(75, 1),
      tags: { "messaging.system": "kafka", "messaging.destination.name": "cart-events" },
    }),
    span(9, 1, "frontend", {
      name: "Inventory/Check",
      kind: "CLIENT",
      ...at(80, 15),
      remoteEndpoint: { serviceName: "inventory" },
      tags: { "rpc.system": "grpc" },
    }),
  ];
}

test.describe("the timeline's rows", () => {
  test.beforeAll(async ({ request }) => {
    await seedZipkinTrace(request, cartTrace());
  });

  test("show each span's kind or system as an icon, and calls as caller → callee", async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(TRACE_ID);
    await expect.poll(() => trace.rowSpanIds()).toEqual(ALL);
    await expect
      .poll(() => trace.rowIconLabels())
      .toEqual([
        "HTTP server",
        "database: postgresql",
        "HTTP client",
        "HTTP server",
        "internal",
        "internal",
        "database: redis",
        "messaging producer: kafka",
        "RPC client: grpc",
      ]);
    await expect(trace.row(id(2)).getByRole("img", { name: "database: postgresql" })).toBeVisible();
    await expect(trace.rowService(id(2))).toHaveText("frontend → postgres");
    // The callee that recorded the call, the database by its system, the broker and destination.
    await expect(trace.rowService(id(3))).toHaveText("frontend → pricing");
    await expect(trace.rowService(id(7))).toHaveText("pricing → redis");
    await expect(trace.rowService(id(8))).toHaveText("frontend → kafka/cart-events");
    await expect(trace.rowService(id(9))).toHaveText("frontend → inventory");
    // Servers and internal spans name only their own service.
    await expect(trace.rowService(id(1))).toHaveText("frontend");
    await expect(trace.rowService(id(5))).toHaveText("pricing");
  });

  test("say how many spans a folded row hides", async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(TRACE_ID);
    await expect(trace.hiddenCount(id(3))).toHaveCount(0);

    await trace.row(id(3)).getByTestId("span-toggle").click();
    await expect(trace.hiddenCount(id(3))).toHaveText("+4");
    await expect(trace.hiddenCount(id(3))).toHaveAttribute("title", "4 spans hidden");
    await expect(trace.spanList).toHaveAttribute("data-visible-rows", "5");
    await expect.poll(() => trace.rowSpanIds()).toEqual([id(1), id(2), id(3), id(8), id(9)]);

    await trace.toolbarButton("Collapse all").click();
    await expect(trace.hiddenCount(id(1))).toHaveText("+8");
    await expect(trace.hiddenCount(id(1))).toHaveAttribute("title", "8 spans hidden");
    await trace.toolbarButton("Expand all").click();
    await expect(trace.spanList.getByTestId("hidden-count")).toHaveCount(0);
  });

  test("re-root on a span: its subtree on its own time, the path from the root above it", async ({
    page,
  }) => {
    const trace = new TracePage(page);
    await trace.open(TRACE_ID);
    const lastTick = trace.ruler.locator("span").last();
    await expect(lastTick).toHaveText("100ms");
    await expect(trace.toolbarButton("Focus on span")).toBeDisabled();

    await trace.row(id(4)).click();
    await trace.toolbarButton("Focus on span").click();
    await expect(page).toHaveURL(new RegExp(`[?&]focus=${id(4)}`));
    await expect(trace.toolbarButton("Focus on span")).toHaveAttribute("aria-pressed", "true");
    await expect(trace.spanList).toHaveAttribute("data-visible-rows", "6");
    await expect.poll(() => trace.rowSpanIds()).toEqual([id(1), id(3), id(4), id(5), id(6), id(7)]);
    await expect(page.locator('[data-testid="span-row"][data-ancestor]')).toHaveCount(2);
    await expect(trace.row(id(3))).toHaveAttribute("data-ancestor", "true");
    await expect(trace.row(id(4))).not.toHaveAttribute("data-ancestor");
    await expect(trace.focusBar).toContainText("Focused on pricing get /prices: 4 spans of 9");
    // The axis is the subtree's 45ms, not the trace's 100ms.
    await expect(lastTick).toHaveText("40ms");

    // A shared link opens re-rooted.
    await page.reload();
    await trace.spanList.waitFor();
    await expect.poll(() => trace.rowSpanIds()).toEqual([id(1), id(3), id(4), id(5), id(6), id(7)]);
    await expect(lastTick).toHaveText("40ms");

    // An ancestor re-roots higher, on itself.
    await trace.row(id(3)).click();
    await expect(page).toHaveURL(new RegExp(`[?&]focus=${id(3)}`));
    await expect.poll(() => trace.rowSpanIds()).toEqual([id(1), id(3), id(4), id(5), id(6), id(7)]);
    await expect(trace.row(id(3))).not.toHaveAttribute("data-ancestor");
    await expect(trace.focusBar).toContainText("Focused on frontend get /prices: 5 spans of 9");
    await expect(lastTick).toHaveText("50ms");

    await trace.focusBar.getByRole("button", { name: "Show whole trace" }).click();
    await expect(page).not.toHaveURL(/focus=/);
    await expect(trace.focusBar).toHaveCount(0);
    await expect.poll(() => trace.rowSpanIds()).toEqual(ALL);
    await expect(lastTick).toHaveText("100ms");
  });

  test("re-root with f on the selected span, and f again shows the whole trace", async ({ page }) => {
    const trace = new TracePage(page);
    await trace.open(TRACE_ID);
    await trace.row(id(5)).click();
    await page.keyboard.press("f");
    await expect(page).toHaveURL(new RegExp(`[?&]focus=${id(5)}`));
    await expect.poll(() => trace.rowSpanIds()).toEqual([id(1), id(3), id(4), id(5), id(6)]);
    await expect(page.locator('[data-testid="span-row"][data-ancestor]')).toHaveCount(3);

    await page.keyboard.press("f");
    await expect(page).not.toHaveURL(/focus=/);
    await expect.poll(() => trace.rowSpanIds()).toEqual(ALL);
  });
});
