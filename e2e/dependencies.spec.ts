import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import type { DependencyGraph } from "../lib/api/graph";
import { estate } from "../lib/graph/test-graphs";
import { AppShell } from "./pages/AppShell";
import { DependenciesPage, type ScreenBox } from "./pages/DependenciesPage";
import { SearchPage } from "./pages/SearchPage";

/**
 * The dependencies page: first over a chain of calls stored through the Zipkin API under service
 * names of this run's own, then over graphs the test hands the page in place of `GET /api/graph`,
 * to check the drawing itself (120 services, every kind of node, every error level).
 */
const RUN = Date.now().toString(16);
const FRONT = `front-${RUN}`;
const API = `api-${RUN}`;
const POSTGRES = `postgres-${RUN}`;

/**
 * Three traces of front (SERVER, then a CLIENT call) → api (SERVER, then a CLIENT call) → postgres,
 * a database known only as the remote end of api's call; the third trace's query fails.
 */
async function seedChain(request: APIRequestContext): Promise<void> {
  const nowUs = Date.now() * 1000;
  const spans = [0, 1, 2].flatMap((n) => {
    const traceId = `${RUN}${n + 1}`.padStart(16, "0");
    const startUs = nowUs - 60_000_000 + n * 1_000_000;
    const span = (id: string, serviceName: string, fields: Record<string, unknown>) => ({
      traceId,
      id: id.padStart(16, "0"),
      localEndpoint: { serviceName },
      ...fields,
    });
    return [
      span("a1", FRONT, { name: "get /", kind: "SERVER", timestamp: startUs, duration: 30_000 }),
      span("a2", FRONT, {
        parentId: "a1".padStart(16, "0"),
        name: "get /orders",
        kind: "CLIENT",
        timestamp: startUs + 1_000,
        duration: 25_000,
      }),
      span("a3", API, {
        parentId: "a2".padStart(16, "0"),
        name: "get /orders",
        kind: "SERVER",
        timestamp: startUs + 2_000,
        duration: 20_000,
      }),
      span("a4", API, {
        parentId: "a3".padStart(16, "0"),
        name: "select orders",
        kind: "CLIENT",
        timestamp: startUs + 3_000,
        duration: 4_000,
        remoteEndpoint: { serviceName: POSTGRES },
        tags: { "db.system": "postgresql", ...(n === 2 ? { error: "deadlock detected" } : {}) },
      }),
    ];
  });
  expect((await request.post("/api/v2/spans", { data: spans })).status()).toBe(202);
}

/**
 * A second estate of this run's own, with long names: entry → orchestrator → scorer → ledger, and the
 * orchestrator querying a database; two traces of it.
 */
const ENTRY = `storefront-web-checkout-experience-${RUN}`;
const MIDDLE = `payments-authorization-and-settlement-orchestrator-${RUN}`;
const SCORER = `fraud-scoring-model-serving-gateway-${RUN}`;
const LEDGER = `ledger-reconciliation-nightly-batch-${RUN}`;
const DATABASE = `postgresql-payments-primary-${RUN}`;

async function seedLongNames(request: APIRequestContext): Promise<void> {
  const nowUs = Date.now() * 1000;
  const spans = [0, 1].flatMap((n) => {
    const traceId = `${RUN}${n + 5}`.padStart(32, "0");
    const startUs = nowUs - 50_000_000 + n * 1_000_000;
    let next = 0;
    const span = (parent: string | undefined, serviceName: string, kind: string, extra: object = {}) => {
      next += 1;
      return {
        traceId,
        id: `b${next}`.padStart(16, "0"),
        ...(parent ? { parentId: parent.padStart(16, "0") } : {}),
        localEndpoint: { serviceName },
        name: `${kind.toLowerCase()} ${next}`,
        kind,
        timestamp: startUs + next * 1_000,
        duration: 50_000 - next * 2_000,
        ...extra,
      };
    };
    return [
      span(undefined, ENTRY, "SERVER"),
      span("b1", ENTRY, "CLIENT"),
      span("b2", MIDDLE, "SERVER"),
      span("b3", MIDDLE, "CLIENT"),
      span("b4", SCORER, "SERVER"),
      span("b5", SCORER, "CLIENT"),
      span("b6", LEDGER, "SERVER"),
      span("b3", MIDDLE, "CLIENT", {
        remoteEndpoint: { serviceName: DATABASE },
        tags: { "db.system": "postgresql" },
      }),
    ];
  });
  expect((await request.post("/api/v2/spans", { data: spans })).status()).toBe(202);
}

test.describe("a service's neighbourhood, from stored traces with long names @smoke", () => {
  test.beforeAll(async ({ request }) => seedLongNames(request));

  test("shows the focus's neighbours by their full names, hides the rest, and moves with the search", async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const graph = new DependenciesPage(page);
    await expect(async () => {
      await graph.open(`lookback=15m&focus=${MIDDLE}`);
      await expect(graph.node(DATABASE)).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000, 2_000] });

    for (const name of [ENTRY, MIDDLE, SCORER, DATABASE]) {
      await expect(graph.node(name)).toBeVisible();
      await expect(graph.label(name)).toBeVisible();
      await expect(graph.label(name)).toHaveText(name);
    }
    // Two hops away, and another estate's services: not in a one-hop neighbourhood.
    await expect(graph.node(LEDGER)).toHaveCount(0);
    await expect(graph.node(FRONT)).toHaveCount(0);
    await expect(graph.node(MIDDLE)).toHaveAttribute("data-focused", "true");

    await graph.hops.selectOption("2");
    await expect(page).toHaveURL(/hops=2/);
    await expect(graph.label(LEDGER)).toHaveText(LEDGER);

    // The box shows the URL's state, which changes once the navigation it asks for is done: click it
    // and wait for that, rather than check(), which wants the state changed by the click itself.
    await graph.fold.click();
    await expect(page).toHaveURL(/fold=1/);
    await expect(graph.fold).toBeChecked();
    await expect(graph.node(DATABASE)).toHaveCount(0);
    await expect(graph.foldedCount(MIDDLE)).toHaveText("+1");
    await graph.fold.click();
    await expect(page).not.toHaveURL(/fold=1/);

    await graph.search.fill("ledger-reconciliation");
    await graph.suggestions.filter({ hasText: LEDGER }).click();
    await expect(page).toHaveURL(new RegExp(`focus=${LEDGER}`));
    await expect(graph.node(LEDGER)).toHaveAttribute("data-focused", "true");
    await expect(graph.node(SCORER)).toBeVisible();
    await expect(graph.node(ENTRY)).toHaveCount(0);

    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`focus=${MIDDLE}&hops=2`));
    await expect(graph.node(MIDDLE)).toHaveAttribute("data-focused", "true");

    await graph.clearFocus.click();
    await expect(page).not.toHaveURL(/focus=/);
    await expect(graph.node(LEDGER)).toBeVisible();
    await expect(graph.node(ENTRY)).toBeVisible();
  });

  test("lists the call paths through the focus, with the traces that took each", async ({ page }) => {
    test.setTimeout(60_000);
    const paths = page.getByTestId("service-paths");
    const path = paths.getByTestId("service-path").filter({ hasText: LEDGER });
    await expect(async () => {
      await new DependenciesPage(page).open(`lookback=15m&focus=${MIDDLE}`);
      await expect(path).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000, 2_000] });
    // Each chip is its service, then the operation the path entered it through.
    await expect(path.getByTestId("service-path-focus")).toContainText(MIDDLE);
    await expect(path.getByTestId("service-path-hop")).toHaveText(
      [ENTRY, SCORER, LEDGER].map((name) => new RegExp(`^${name}`)),
    );
    await expect(path.getByTestId("service-path-traces")).toHaveText("2 traces");
    // A hop refocuses the page on its service, and the paths follow.
    await path.getByTestId("service-path-hop").filter({ hasText: SCORER }).click();
    await expect(page).toHaveURL(new RegExp(`focus=${SCORER}`));
    await expect(paths).toContainText(`Paths through ${SCORER}`);
  });

  test("an edge opens the traces that made the call, over the same window", async ({ page }) => {
    test.setTimeout(60_000);
    const graph = new DependenciesPage(page);
    await expect(async () => {
      await graph.open(`lookback=15m&focus=${MIDDLE}`);
      await expect(graph.edge(ENTRY, MIDDLE)).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000, 2_000] });
    await graph.clickEdge(ENTRY, MIDDLE);
    await expect(page).toHaveURL(/\/search\?q=.*lookback=15m/);
    expect(new URL(page.url()).searchParams.get("q")).toBe(
      `{ resource.service.name = "${ENTRY}" } > { resource.service.name = "${MIDDLE}" }`,
    );
    await expect(new SearchPage(page).results).toHaveCount(2);
  });
});

test.describe("the dependency graph of stored traces @smoke", () => {
  test.beforeAll(async ({ request }) => seedChain(request));

  test("shows the chain's calls, their numbers on hover, a node's calls and its traces", async ({ page }) => {
    test.setTimeout(60_000);
    const graph = new DependenciesPage(page);
    // Links are derived by a background job a few seconds after a trace's spans arrive.
    await expect(async () => {
      await graph.open("lookback=15m");
      await expect(graph.edge(API, POSTGRES)).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 30_000, intervals: [1_000, 2_000] });

    for (const name of [FRONT, API, POSTGRES]) await expect(graph.node(name)).toBeVisible();
    await expect(graph.edge(FRONT, API)).toHaveCount(1);
    await expect(graph.edge(FRONT, POSTGRES)).toHaveCount(0);
    await expect(graph.edge(FRONT, API)).toHaveAttribute("data-level", "ok");
    await expect(graph.edge(API, POSTGRES)).toHaveAttribute("data-level", "error");

    await graph.hoverEdge(API, POSTGRES);
    await expect(graph.tooltip).toContainText(`${API} → ${POSTGRES}`);
    await expect(graph.tooltip).toContainText("3 calls, 1 error (33.3%)");
    await expect(graph.tooltip).toContainText(/p50 \S+ · p95 \S+ · p99 \S+/);

    await graph.node(API).click();
    await expect(graph.panel).toContainText(API);
    await expect(graph.incoming(FRONT)).toContainText("3 calls, 0 errors (0%)");
    await expect(graph.outgoing(POSTGRES)).toContainText("3 calls, 1 error (33.3%)");
    await expect(graph.tracesLink).toHaveText(`Traces of ${API}`);
    await expect(graph.tracesLink).toHaveAttribute("href", `/search?service=${API}&lookback=15m`);

    await graph.tracesLink.click();
    await expect(page).toHaveURL(new RegExp(`/search\\?service=${API}&lookback=15m$`));
    await expect(new SearchPage(page).results).toHaveCount(3);
  });
});

/** Answers `GET /api/graph` with `body`; returns the query strings the page asked with. */
async function mockGraph(page: Page, body: object, status = 200): Promise<URLSearchParams[]> {
  const asked: URLSearchParams[] = [];
  await page.route("**/api/graph*", (route) => {
    asked.push(new URL(route.request().url()).searchParams);
    return route.fulfill({ status, json: body });
  });
  return asked;
}

/** A shop: web → api, which calls a database (4% errors), a queue and an external API (10%). */
const SHOP: DependencyGraph = {
  nodes: [
    { name: "web", kind: "service", calls: 0, errors: 0 },
    { name: "api", kind: "service", calls: 1_000, errors: 5 },
    { name: "orders-db", kind: "database", calls: 500, errors: 20 },
    { name: "events", kind: "queue", calls: 40, errors: 0 },
    { name: "stripe", kind: "external", calls: 100, errors: 10 },
  ],
  links: [
    { parent: "web", child: "api", calls: 1_000, errors: 5, p50Us: 1_200, p95Us: 4_000, p99Us: 12_000 },
    { parent: "api", child: "orders-db", calls: 500, errors: 20, p50Us: 300, p95Us: 900, p99Us: 2_000 },
    { parent: "api", child: "events", calls: 40, errors: 0, p50Us: 150, p95Us: 400, p99Us: 800 },
    {
      parent: "api",
      child: "stripe",
      calls: 100,
      errors: 10,
      p50Us: 80_000,
      p95Us: 250_000,
      p99Us: 1_500_000,
    },
  ],
};

/** 120 services, databases, queues and external APIs, with cycles (lib/graph/test-graphs.ts). */
function bigEstate(): DependencyGraph {
  const { nodes, links } = estate(120);
  const kinds = ["database", "database", "queue", "external"] as const;
  return {
    nodes: nodes.map(({ name }, i) => ({
      name,
      kind: name.startsWith("t4-") ? (kinds[i % kinds.length] ?? "database") : "service",
      calls: 100,
      errors: 1,
    })),
    links: links.map(({ parent, child }, i) => ({
      parent,
      child,
      calls: 10 + ((i * 37) % 1_000),
      errors: i % 7 === 0 ? 30 : 0,
      p50Us: 1_000,
      p95Us: 5_000,
      p99Us: 20_000,
    })),
  };
}

/** Shapes that leave the SVG, or overlap another by more than a pixel. */
function misplaced(boxes: ScreenBox[], svg: ScreenBox): string[] {
  const outside = boxes
    .filter(
      (b) =>
        b.x < svg.x ||
        b.y < svg.y ||
        b.x + b.width > svg.x + svg.width ||
        b.y + b.height > svg.y + svg.height,
    )
    .map((b) => `${b.name} outside`);
  const overlapping = boxes.flatMap((a, i) =>
    boxes
      .slice(i + 1)
      .filter(
        (b) =>
          Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 1 &&
          Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 1,
      )
      .map((b) => `${a.name} overlaps ${b.name}`),
  );
  return [...outside, ...overlapping];
}

test.describe("the dependency graph's drawing", () => {
  test("lists 120 nodes, and draws them when asked inside the view without overlaps, in both layouts", async ({
    page,
  }) => {
    const estateGraph = bigEstate();
    await mockGraph(page, estateGraph);
    const graph = new DependenciesPage(page);
    await graph.open();
    // Past 50 nodes the whole graph opens as its adjacency list, callers above what they call.
    await expect(graph.listRows).toHaveCount(120);
    await expect(graph.viewButton("list")).toHaveAttribute("aria-pressed", "true");
    await expect(graph.listRows.first()).toHaveAttribute("data-depth", "0");
    await graph.listRow("t2-svc-0").getByRole("button", { name: "t2-svc-0", exact: true }).click();
    await expect(page).toHaveURL(/focus=t2-svc-0/);
    await expect(graph.node("t2-svc-0")).toHaveAttribute("data-focused", "true");
    await page.goBack();
    await expect(graph.listRows).toHaveCount(120);

    await graph.viewButton("graph").click();
    await expect(page).toHaveURL(/view=graph/);
    await expect(graph.nodes).toHaveCount(120);
    await expect(graph.edges).toHaveCount(estateGraph.links.length);
    expect(misplaced(await graph.nodeShapeBoxes(), await graph.svgBox())).toEqual([]);

    await graph.layoutButton("force").click();
    await expect(page).toHaveURL(/layout=force/);
    await expect(graph.graph).toHaveAttribute("data-layout", "force");
    await expect(graph.nodes).toHaveCount(120);
    expect(misplaced(await graph.nodeShapeBoxes(), await graph.svgBox())).toEqual([]);
  });

  test("draws nodes by kind and edges by calls and errors, with the numbers on hover", async ({ page }) => {
    await mockGraph(page, SHOP);
    const graph = new DependenciesPage(page);
    await graph.open();
    for (const { name, kind } of SHOP.nodes)
      await expect(graph.node(name)).toHaveAttribute("data-kind", kind);
    await expect(graph.edge("web", "api")).toHaveAttribute("data-level", "ok");
    await expect(graph.edge("api", "orders-db")).toHaveAttribute("data-level", "warn");
    await expect(graph.edge("api", "stripe")).toHaveAttribute("data-level", "error");
    expect(await graph.edgeWidth("web", "api")).toBeGreaterThan(await graph.edgeWidth("api", "events"));
    await expect(graph.summary).toHaveText("5 nodes · 4 links · the last 1h");
    await expect(graph.legend).toContainText("5% errors or more");

    await graph.hoverEdge("api", "stripe");
    await expect(graph.tooltip).toHaveText(
      ["api → stripe", "100 calls, 10 errors (10%)", "p50 80ms · p95 250ms · p99 1.5s"].join(""),
    );
    await page.mouse.move(0, 0);
    await expect(graph.tooltip).toHaveCount(0);
  });

  test("a node's panel lists its calls, selects its peers and links to its traces in the same window", async ({
    page,
  }) => {
    const asked = await mockGraph(page, SHOP);
    const start = "2026-11-22T08:00:00.000Z";
    const end = "2026-11-22T12:00:00.000Z";
    const graph = new DependenciesPage(page);
    await graph.open(`start=${start}&end=${end}`);
    expect(asked.map((params) => params.toString())).toContain(
      new URLSearchParams({ start, end }).toString(),
    );
    await expect(graph.lookback).toHaveValue("custom");

    await graph.node("api").click();
    await expect(graph.node("api")).toHaveAttribute("aria-pressed", "true");
    await expect(graph.incoming("web")).toContainText("1,000 calls, 5 errors (0.5%)");
    await expect(graph.outgoing("orders-db")).toContainText("500 calls, 20 errors (4%)");
    await expect(graph.outgoing("stripe")).toContainText("p50 80ms · p95 250ms · p99 1.5s");
    await expect(graph.tracesLink).toHaveAttribute(
      "href",
      `/search?${new URLSearchParams({ service: "api", start, end })}`,
    );

    await graph.outgoing("orders-db").getByRole("button", { name: "orders-db" }).click();
    await expect(graph.panel).toContainText("sends no spans of its own");
    await expect(graph.tracesLink).toHaveCount(0);
    await expect(graph.incoming("api")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(graph.panel).toHaveCount(0);

    await graph.node("web").focus();
    await page.keyboard.press("Enter");
    await expect(graph.outgoing("api")).toBeVisible();
  });

  test("keeps the time range and layout in the URL", async ({ page }) => {
    const asked = await mockGraph(page, SHOP);
    const graph = new DependenciesPage(page);
    await graph.open();
    expect(asked.at(-1)?.get("lookback")).toBe("1h");
    await graph.lookback.selectOption("6h");
    await expect(page).toHaveURL(/\/dependencies\?lookback=6h$/);
    await expect.poll(() => asked.at(-1)?.get("lookback")).toBe("6h");

    await graph.layoutButton("force").click();
    await expect(page).toHaveURL(/lookback=6h&layout=force$/);
    await page.reload();
    await expect(graph.layoutButton("force")).toHaveAttribute("aria-pressed", "true");
    await expect(graph.graph).toHaveAttribute("data-layout", "force");
    await page.goBack();
    await expect(page).toHaveURL(/\/dependencies$/);
    await expect(graph.lookback).toHaveValue("1h");
    await expect(graph.layoutButton("dag")).toHaveAttribute("aria-pressed", "true");
  });

  test("says when there were no calls, and why the graph failed", async ({ page }) => {
    await mockGraph(page, { nodes: [], links: [] });
    const graph = new DependenciesPage(page);
    await graph.open();
    await expect(graph.empty).toContainText("No calls between services in the last 1h");

    await page.unroute("**/api/graph*");
    await mockGraph(
      page,
      { error: 'lookback: expected a duration such as 500ms, 1.5s or 2h, got "soon"' },
      400,
    );
    await graph.open("lookback=soon");
    await expect(graph.error).toContainText("lookback: expected a duration");
  });

  test("is linked from the header", async ({ page }) => {
    await mockGraph(page, SHOP);
    const shell = new AppShell(page);
    await shell.open("/dependencies");
    await expect(shell.navLink("Dependencies")).toHaveAttribute("href", "/dependencies");
    await expect(shell.navLink("Dependencies")).toHaveAttribute("aria-current", "page");
  });
});
