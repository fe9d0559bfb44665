import { expect, test } from "@playwright/test";
import { shopTraceOtlp, spanIdOf } from "../test/shop-trace";
import { SearchPage } from "./pages/SearchPage";
import { TracePage } from "./pages/TracePage";
import { TraceQLPage } from "./pages/TraceQLPage";

/**
 * The search page's TraceQL mode over one shop trace (test/shop-trace.ts) whose resources carry this
 * run's own `shop.tag`, so other specs' traces never match.
 */
const RUN = Date.now().toString(16);
const TAG = `e2e-${RUN}`;
const TRACE_ID = `${RUN}`.padStart(32, "c");
const ours = (condition: string) => `{ resource.shop.tag = "${TAG}" && ${condition} }`;

test.describe("TraceQL search", () => {
  test.beforeAll(async ({ request }) => {
    const response = await request.post("/v1/traces", { data: shopTraceOtlp(TRACE_ID, Date.now(), TAG) });
    expect(response.status()).toBe(200);
  });

  test("a query typed with suggestions taken by keyboard finds the trace @smoke", async ({ page }) => {
    const traceql = new TraceQLPage(page);
    await traceql.open();
    await traceql.editor.click();
    await traceql.type("{ resource.shop.t");
    await traceql.pick("shop.tag");
    await traceql.type(`= "${TAG}`);
    await traceql.pick(TAG);
    await traceql.type("&& sta");
    await traceql.pick("status");
    await traceql.type("= err");
    await traceql.pick("error");
    await traceql.type("}");
    await expect(traceql.editor).toHaveValue(`{ resource.shop.tag = "${TAG}" && status = error }`);
    await expect(traceql.highlight.locator('[data-kind="scope"]')).toHaveText(["resource"]);
    await expect(traceql.underlined).toHaveCount(0);
    await traceql.editor.press("Enter");

    await expect(page).toHaveURL(/\/search\?q=/);
    await expect(traceql.results).toHaveCount(1);
    await expect(traceql.result(TRACE_ID).getByTestId("result-matched")).toHaveText("1 span matched");

    // The URL is the search: opened afresh, it shows the same query and results.
    await page.reload();
    await expect(traceql.editor).toHaveValue(`{ resource.shop.tag = "${TAG}" && status = error }`);
    await expect(traceql.result(TRACE_ID)).toBeVisible();
  });

  test("a query that does not parse is underlined where it stops, as typed and as the server refuses it", async ({
    page,
  }) => {
    const traceql = new TraceQLPage(page);
    await traceql.open("{ .a = }");
    await expect(traceql.searchError).toContainText("parse error at line 1, col 8");
    await expect(traceql.error).toContainText("parse error at line 1, col 8");
    await expect(traceql.underlined).toHaveText("}");

    await traceql.editor.fill('{ span.x = "a" && }');
    await expect(traceql.error).toContainText("parse error at line 1, col 19");
    await expect(traceql.underlined).toHaveText("}");
    await traceql.editor.fill('{ span.x = "a" }');
    await expect(traceql.error).toBeHidden();
    await expect(traceql.underlined).toHaveCount(0);
  });

  test("the form's filters show as TraceQL, in the same window", async ({ page }) => {
    const search = new SearchPage(page);
    await search.open("service=postgres&lookback=3h");
    await search.field("Status").selectOption("ok");
    await expect(page.getByTestId("traceql-unsaid")).toHaveText("TraceQL cannot say: without errors");
    await search.field("Status").selectOption("error");
    await expect(page.getByTestId("traceql-unsaid")).toHaveCount(0);
    await page.getByTestId("show-traceql").click();

    const traceql = new TraceQLPage(page);
    await expect(page).toHaveURL(/lookback=3h/);
    await expect(traceql.editor).toHaveValue('{ resource.service.name = "postgres" } && { status = error }');
    await expect(traceql.result(TRACE_ID)).toBeVisible();

    await traceql.formTab.click();
    await expect(page).toHaveURL(/\/search\?lookback=3h$/);
    await expect(search.form).toBeVisible();
  });

  test("a result opens with the spans the query matched marked", async ({ page }) => {
    const query = ours('span.db.system = "postgresql"');
    const traceql = new TraceQLPage(page);
    await traceql.open(query);
    await traceql.result(TRACE_ID).getByRole("link").click();

    const trace = new TracePage(page);
    await expect(page).toHaveURL(`/trace/${TRACE_ID}?${new URLSearchParams({ q: query })}`);
    const banner = page.getByTestId("traceql-banner");
    await expect(banner).toContainText("2 spans match");
    const marked = page.locator('[data-testid="span-row"][data-query-matched]');
    await expect(marked).toHaveCount(2);
    await expect(marked.nth(0)).toHaveAttribute("data-span-id", spanIdOf(3));
    await expect(marked.nth(1)).toHaveAttribute("data-span-id", spanIdOf(6));

    await banner.getByRole("button", { name: "Next matched span" }).click();
    await expect(page).toHaveURL(new RegExp(`span=${spanIdOf(3)}`));
    await banner.getByRole("button", { name: "Next matched span" }).click();
    await expect(page).toHaveURL(new RegExp(`span=${spanIdOf(6)}`));
    await expect(trace.details).toBeVisible();

    await banner.getByRole("button", { name: "Clear the query's marks" }).click();
    await expect(banner).toBeHidden();
    await expect(marked).toHaveCount(0);
  });
});
