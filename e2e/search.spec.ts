import { type APIRequestContext, expect, test } from "@playwright/test";
import { searchTraceSpans } from "../test/search-traces";
import { SearchPage } from "./pages/SearchPage";

/**
 * The search page over the search tests' traces (test/search-traces.ts), stored through the Zipkin
 * API under service names of this run's own so that other specs' traces never match.
 */
const RUN = Date.now().toString(16);
const SHOP = `shop-${RUN}`;
const BANK = `bank-${RUN}`;
const id = (n: number) => `${RUN}${n.toString(16)}`.padStart(16, "0");
const SLOW = id(1);
const CONFLICT = id(2);
const QUICK = id(3);

async function seed(request: APIRequestContext): Promise<void> {
  const spans = searchTraceSpans(
    Date.now() * 1000,
    { shop: SHOP, bank: BANK },
    { slow: SLOW, conflict: CONFLICT, quick: QUICK },
  );
  expect((await request.post("/api/v2/spans", { data: spans })).status()).toBe(202);
}

test.describe("searching traces", () => {
  test.beforeAll(async ({ request }) => seed(request));

  test("narrows the results with each filter of the form", async ({ page }) => {
    const search = new SearchPage(page);
    await search.open();
    await search.field("Service").fill(SHOP);
    await search.submit();
    await expect(page).toHaveURL(new RegExp(`service=${SHOP}`));
    await search.expectResultIds([QUICK, CONFLICT, SLOW]);

    const narrow = async (fill: () => Promise<unknown>, expected: string[]) => {
      await search.open(`service=${SHOP}`);
      await fill();
      await search.submit();
      await expect(search.results).toHaveCount(expected.length);
      await search.expectResultIds(expected);
    };
    await narrow(() => search.field("Operation").fill("put /cart"), [CONFLICT]);
    await narrow(() => search.field("Tags").fill('tier="gold plus"'), [SLOW]);
    await narrow(() => search.field("Status").selectOption("error"), [SLOW]);
    await narrow(() => search.field("Status").selectOption("ok"), [QUICK, CONFLICT]);
    await narrow(() => search.field("HTTP status").fill("409"), [CONFLICT]);
    await narrow(() => search.field("Minimum duration").fill("1s"), [SLOW]);
    await narrow(async () => {
      await search.field("Minimum duration").fill("30ms");
      await search.field("Maximum duration").fill("1s");
      await page.getByLabel("of the whole trace").check();
    }, [CONFLICT]);
    await narrow(() => search.field("Limit").fill("1"), [QUICK]);
  });

  test("a copied URL opens the same search, and back returns to the previous one", async ({ page }) => {
    const search = new SearchPage(page);
    await search.open(`service=${SHOP}&http=4xx`);
    await search.expectResultIds([CONFLICT]);
    await expect(search.field("HTTP status")).toHaveValue("4xx");
    await expect(search.summary).toContainText("HTTP 4xx");

    await search.field("HTTP status").fill("");
    await search.submit();
    await expect(search.results).toHaveCount(3);
    await page.goBack();
    await expect(search.results).toHaveCount(1);
    await expect(search.field("HTTP status")).toHaveValue("4xx");
  });

  test("sorts on the server by duration, spans and errors", async ({ page }) => {
    const search = new SearchPage(page);
    await search.open(`service=${SHOP}`);
    await search.sortBy("longest").click();
    await expect(page).toHaveURL(/sort=longest/);
    await expect(search.results.first()).toHaveAttribute("data-trace-id", SLOW);
    await search.expectResultIds([SLOW, CONFLICT, QUICK]);
    await search.sortBy("spans").click();
    await expect(page).toHaveURL(/sort=spans/);
    await search.expectResultIds([SLOW, QUICK, CONFLICT]);
  });

  test("the scatter plot opens a trace on click and narrows the time range by brushing", async ({ page }) => {
    const search = new SearchPage(page);
    await search.open(`service=${SHOP}`);
    await expect(search.dots).toHaveCount(3);
    await page.locator(`[data-testid="scatter-dot"][data-trace-id="${CONFLICT}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/trace/${CONFLICT}`));

    await search.open(`service=${SHOP}`);
    const quick = await page.locator(`[data-testid="scatter-dot"][data-trace-id="${QUICK}"]`).boundingBox();
    const conflict = await page
      .locator(`[data-testid="scatter-dot"][data-trace-id="${CONFLICT}"]`)
      .boundingBox();
    if (!quick || !conflict) throw new Error("the dots are not on screen");
    // Brush from just left of the 409 trace's dot to just right of the quick one's: two traces.
    const y = conflict.y + conflict.height / 2;
    await page.mouse.move(conflict.x - 4, y);
    await page.mouse.down();
    await page.mouse.move(quick.x + quick.width + 4, y, { steps: 5 });
    await page.mouse.up();
    await expect(page).toHaveURL(/start=/);
    await expect(search.results).toHaveCount(2);
    await search.expectResultIds([QUICK, CONFLICT]);
  });

  test("says what matched nothing, and what was wrong with a search", async ({ page }) => {
    const search = new SearchPage(page);
    await search.open(`service=${SHOP}&http=418`);
    await expect(search.noResults).toContainText(`No traces match service ${SHOP}, HTTP 418, last 1h`);

    await search.open(`service=${SHOP}&minDuration=soon`);
    await expect(search.error).toContainText("minDuration: expected a duration");
  });

  test("suggests service and operation names as one types, picked with the keyboard", async ({ page }) => {
    const search = new SearchPage(page);
    await search.open();
    await search.field("Service").fill(SHOP.slice(0, -1).toUpperCase());
    await expect(search.suggestions("Service")).toHaveText([SHOP]);
    await search.field("Service").press("ArrowDown");
    await expect(search.suggestions("Service").first()).toHaveAttribute("aria-selected", "true");
    await search.field("Service").press("Enter");
    await expect(search.field("Service")).toHaveValue(SHOP);
    await expect(search.suggestions("Service")).toHaveCount(0);

    await search.field("Operation").fill("cart");
    await expect(search.suggestions("Operation")).toHaveText(["get /cart", "put /cart"]);
    await search.suggestions("Operation").filter({ hasText: "put /cart" }).click();
    await expect(search.field("Operation")).toHaveValue("put /cart");
    await search.submit();
    await search.expectResultIds([CONFLICT]);
  });

  test("picks two traces to compare", async ({ page }) => {
    const search = new SearchPage(page);
    await search.open(`service=${SHOP}`);
    await search.result(SLOW).getByRole("checkbox").check();
    await expect(page.getByTestId("compare-link")).toHaveCount(0);
    await search.result(QUICK).getByRole("checkbox").check();
    await expect(page.getByTestId("compare-link")).toHaveAttribute("href", `/compare?a=${SLOW}&b=${QUICK}`);
  });
});
