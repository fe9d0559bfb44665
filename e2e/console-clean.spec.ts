import { expect, type Page, test } from "@playwright/test";
import { recentZipkinTrace } from "../test/access/recent-trace";
import { readTestData } from "../test/test-data";
import { AppShell } from "./pages/AppShell";
import { PageProblems } from "./pages/PageProblems";
import { SearchPage } from "./pages/SearchPage";
import { TracePage, type TraceTab } from "./pages/TracePage";
import { seedZipkinTrace } from "./seed";

/**
 * Every page in normal use, on test/data's checkout trace moved to a minute ago (so the search, the
 * services and the dependencies have something to show) and the original from 2024 to compare it
 * with: not one console error, uncaught exception, failed request or answer of 400 and up, the
 * favicon's request included. Each page opens in a fresh browser page, so nothing one leaves
 * unfinished counts against the next.
 */
const RECENT_ID = "c1ea0c0115013ea0c1ea0c0115013ea0";
const CHECKOUT_ID = "7c3a9e21d4b05f68a1c2e3f405162738";
const ORDERS_ON_MESSAGE = "e5a3c4d6f708192a";

test.beforeAll(async ({ request }) => {
  // Once per run: a test that fails starts a new worker, which runs this again, and the recent
  // copy's times move with the clock, so a second copy would be stored beside the first.
  if ((await request.get(`/api/v2/trace/${RECENT_ID}`)).status() !== 404) return;
  await seedZipkinTrace(
    request,
    recentZipkinTrace().map((span) => ({ ...span, traceId: RECENT_ID })),
  );
  await seedZipkinTrace(request, readTestData("zipkin-v2-checkout.json") as unknown[]);
});

interface Visit {
  name: string;
  path: string;
  /** What the page shows once it has drawn, and what a reader then does on it. */
  use(page: Page): Promise<void>;
}

const onTab = (tab: TraceTab): Visit => ({
  name: `the trace's ${tab} tab`,
  path: `/trace/${RECENT_ID}${tab === "timeline" ? "" : `?tab=${tab}`}`,
  use: (page) => new TracePage(page).view(tab).waitFor(),
});

const VISITS: Visit[] = [
  {
    name: "the front page, which is the search",
    path: "/",
    use: (page) => new SearchPage(page).result(RECENT_ID).waitFor(),
  },
  {
    name: "a search with results",
    path: "/search?service=frontend&lookback=1h",
    use: (page) => new SearchPage(page).result(RECENT_ID).waitFor(),
  },
  {
    name: "a TraceQL search with results",
    path: `/search?${new URLSearchParams({ q: '{ resource.service.name = "orders" }' })}`,
    use: (page) => new SearchPage(page).result(RECENT_ID).waitFor(),
  },
  {
    name: "the services",
    path: "/services",
    use: (page) => page.getByTestId("service-row").first().waitFor(),
  },
  {
    name: "the dependencies",
    path: "/dependencies",
    use: (page) => page.getByTestId("graph-node").first().or(page.getByTestId("graph-empty")).waitFor(),
  },
  {
    name: "a comparison of two traces",
    path: `/compare?a=${CHECKOUT_ID}&b=${RECENT_ID}`,
    use: (page) => page.getByTestId("compare-row").first().waitFor(),
  },
  {
    name: "the upload",
    path: "/upload",
    use: (page) => page.getByRole("heading", { name: "Upload traces" }).waitFor(),
  },
  {
    name: "the sign-in page",
    path: "/signin",
    use: (page) => page.getByRole("heading", { name: "Sign in to Tracelight" }).waitFor(),
  },
  ...(["timeline", "flame", "graph", "stats", "table", "events", "json"] as const).map(onTab),
  {
    name: "the trace's statistics grouped by service and sub-grouped by a tag",
    path: `/trace/${RECENT_ID}?tab=stats&group=service&subgroup=tag:http.method`,
    use: (page) => new TracePage(page).statsGroups.first().waitFor(),
  },
  {
    name: "the trace's timeline re-rooted on a span",
    path: `/trace/${RECENT_ID}?focus=${ORDERS_ON_MESSAGE}`,
    use: (page) => new TracePage(page).focusBar.waitFor(),
  },
  {
    name: "the trace's timeline with a span selected, then the next one by keyboard",
    path: `/trace/${RECENT_ID}?span=${ORDERS_ON_MESSAGE}`,
    use: async (page) => {
      const trace = new TracePage(page);
      await expect(trace.details).toContainText("on-message");
      await trace.row(ORDERS_ON_MESSAGE).click();
      await trace.spanList.press("ArrowDown");
      await expect(trace.details).toContainText("select stock");
    },
  },
];

for (const visit of VISITS) {
  test(`${visit.name} reports no error and no failed request`, async ({ page }) => {
    const problems = new PageProblems(page);
    await new AppShell(page).open(visit.path);
    await visit.use(page);
    expect(await problems.settled(), `what ${visit.path} reported`).toEqual([]);
  });
}
