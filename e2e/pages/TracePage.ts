import type { Locator, Page } from "@playwright/test";

export type TraceTab = "timeline" | "flame" | "graph" | "stats" | "table" | "json";

/** What each tab shows once it has drawn. */
const TAB_VIEWS: Record<TraceTab, string> = {
  timeline: "span-list",
  flame: "flame-graph",
  graph: "trace-graph",
  stats: "trace-statistics",
  table: "span-table",
  json: "trace-json",
};

export class TracePage {
  readonly title: Locator;
  readonly traceId: Locator;
  readonly spanCount: Locator;
  readonly rows: Locator;
  readonly spanList: Locator;
  readonly details: Locator;
  readonly minimap: Locator;
  readonly minimapWindow: Locator;
  readonly ruler: Locator;
  readonly search: Locator;
  readonly searchCount: Locator;
  readonly skewToggle: Locator;
  readonly skewCount: Locator;
  readonly truncatedBanner: Locator;

  constructor(private readonly page: Page) {
    this.title = page.getByTestId("trace-title");
    this.traceId = page.getByTestId("trace-id");
    this.spanCount = page.getByTestId("trace-spans");
    this.rows = page.getByTestId("span-row");
    this.spanList = page.getByTestId("span-list");
    this.details = page.getByTestId("span-details");
    this.minimap = page.getByTestId("minimap");
    this.minimapWindow = page.getByTestId("minimap-window");
    this.ruler = page.getByTestId("time-ruler");
    this.search = page.getByTestId("trace-search");
    this.searchCount = page.getByTestId("trace-search-count");
    this.skewToggle = page.getByTestId("skew-toggle");
    this.skewCount = page.getByTestId("skew-count");
    this.truncatedBanner = page.getByTestId("truncated-banner");
  }

  /** The URLs of the page's API requests from now on (its reads of the server), in order. */
  recordApiRequests(): string[] {
    const urls: string[] = [];
    this.page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/api/")) urls.push(request.url());
    });
    return urls;
  }

  async open(traceId: string, query = ""): Promise<void> {
    await this.page.goto(`/trace/${traceId}${query}`);
    await this.spanList.waitFor();
  }

  /** Opens a trace on a tab (`?tab=`) and waits for the tab's view. */
  async openTab(traceId: string, tab: TraceTab): Promise<void> {
    await this.page.goto(`/trace/${traceId}${tab === "timeline" ? "" : `?tab=${tab}`}`);
    await this.page.getByTestId(TAB_VIEWS[tab]).waitFor();
  }

  row(spanId: string): Locator {
    return this.page.locator(`[data-testid="span-row"][data-span-id="${spanId}"]`);
  }

  /** How many rows the tree shows (folded rows excluded), rendered on screen or not. */
  async visibleRowCount(): Promise<number> {
    return Number(await this.spanList.getAttribute("data-visible-rows"));
  }

  toolbarButton(name: string): Locator {
    return this.page.getByTestId("timeline-toolbar").getByRole("button", { name, exact: true });
  }

  tab(id: string): Locator {
    return this.page.getByTestId(`tab-${id}`);
  }

  /** Drags across the minimap from one fraction of its width to another. */
  async brushMinimap(from: number, to: number): Promise<void> {
    const box = await this.minimap.boundingBox();
    if (!box) throw new Error("the minimap is not on screen");
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
    await this.page.mouse.move(box.x + box.width * to, y, { steps: 4 });
    await this.page.mouse.up();
  }
}
