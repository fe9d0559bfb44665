import { expect, type Locator, type Page, test } from "@playwright/test";
import { DependenciesPage } from "./pages/DependenciesPage";
import { SearchPage } from "./pages/SearchPage";
import { ServicesPage } from "./pages/ServicesPage";

/**
 * What a page says when its API's answer is broken, handed to it in place of the server's: a proxy's
 * HTML error page, a cut-off body, JSON of another shape. Each shows the answer's HTTP status and
 * what was wrong with it (lib/api/read-answer.ts), never the parser's SyntaxError.
 */
interface BrokenAnswer {
  name: string;
  status: number;
  contentType: string;
  body: string;
  shown: string;
}

const BROKEN: BrokenAnswer[] = [
  {
    name: "a proxy's HTML error page",
    status: 502,
    contentType: "text/html",
    body: "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
    shown: "502 Bad Gateway: the server's answer was not JSON",
  },
  {
    name: "a cut-off body",
    status: 200,
    contentType: "application/json",
    body: '[{"name": "api", "calls": 12',
    shown: "200 OK: the server's answer was not JSON",
  },
];

interface PageUnderTest {
  name: string;
  api: string;
  open(page: Page): Promise<Locator>;
  /** JSON of another shape than the page reads, and where the message says it differs. */
  misshapen: { body: object; shown: string };
}

const PAGES: PageUnderTest[] = [
  {
    name: "the search page",
    api: "**/api/search*",
    open: async (page) => {
      const search = new SearchPage(page);
      await search.open();
      return search.error;
    },
    misshapen: {
      body: { traces: [{ traceId: "a1", startUs: "yesterday" }] },
      shown:
        "200 OK: the server's answer was not what this page reads (traces.0.startUs: Invalid input: expected number, received string)",
    },
  },
  {
    name: "the dependencies page",
    api: "**/api/graph*",
    open: async (page) => {
      const graph = new DependenciesPage(page);
      await graph.open();
      return graph.error;
    },
    misshapen: {
      body: { services: [] },
      shown:
        "200 OK: the server's answer was not what this page reads (nodes: Invalid input: expected array, received undefined)",
    },
  },
  {
    name: "the services page",
    api: "**/api/services/metrics*",
    open: async (page) => {
      const services = new ServicesPage(page);
      await services.open();
      return services.error;
    },
    misshapen: {
      body: { services: [], total: "many", offset: 0, limit: 20 },
      shown:
        "200 OK: the server's answer was not what this page reads (total: Invalid input: expected number, received string)",
    },
  },
];

for (const under of PAGES) {
  test.describe(`${under.name} with a broken answer`, () => {
    const answers = [
      ...BROKEN,
      {
        name: "JSON of another shape",
        status: 200,
        contentType: "application/json",
        body: JSON.stringify(under.misshapen.body),
        shown: under.misshapen.shown,
      },
    ];
    for (const answer of answers) {
      test(`names the status and the fault of ${answer.name}`, async ({ page }) => {
        await page.route(under.api, (route) =>
          route.fulfill({ status: answer.status, contentType: answer.contentType, body: answer.body }),
        );
        const error = await under.open(page);
        await expect(error).toContainText(answer.shown);
        await expect(error).not.toContainText(/SyntaxError|Unexpected token|JSON\.parse/);
      });
    }
  });
}
