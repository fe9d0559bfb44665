import type { Locator, Page } from "@playwright/test";

export type TraceTab = "timeline" | "flame" | "graph" | "stats" | "table" | "events" | "json";

/** What each tab shows once it has drawn. */
const TAB_VIEWS: Record<TraceTab, string> = {
  timeline: "span-list",
  flame: "flame-graph",
  graph: "trace-graph",
  stats: "trace-statistics",
  table: "span-table",
  events: "trace-events",
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
  readonly focusBar: Locator;
  readonly groupBy: Locator;
  readonly subgroupBy: Locator;
  /** The grouped statistics' groups: each its row, then its sub-groups' rows. */
  readonly statsGroups: Locator;
  readonly detailsEvents: Locator;
  readonly traceEvents: Locator;

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
    this.focusBar = page.getByTestId("timeline-focus-bar");
    this.groupBy = page.getByTestId("stats-group-by");
    this.subgroupBy = page.getByTestId("stats-subgroup-by");
    this.statsGroups = page.getByTestId("stats-group");
    this.detailsEvents = this.details.getByTestId("span-events").getByTestId("event-row");
    this.traceEvents = page.getByTestId("trace-events-table").getByTestId("event-row");
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

  /** Opens a trace on a tab (`?tab=`), with more of the URL's state if given, and waits for the tab's view. */
  async openTab(traceId: string, tab: TraceTab, query = ""): Promise<void> {
    const params = new URLSearchParams(query);
    if (tab !== "timeline") params.set("tab", tab);
    await this.page.goto(`/trace/${traceId}${params.size > 0 ? `?${params}` : ""}`);
    await this.view(tab).waitFor();
  }

  /** A tab's view, once it has drawn. */
  view(tab: TraceTab): Locator {
    return this.page.getByTestId(TAB_VIEWS[tab]);
  }

  /** A group of the grouped statistics by its label. */
  statsGroup(label: string): Locator {
    const exactly = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
    return this.statsGroups.filter({
      has: this.page.getByTestId("stats-group-row").getByTestId("stats-label").filter({ hasText: exactly }),
    });
  }

  /** Each row's label and count, as a group's rows read: "cart 4". */
  async statsRows(rows: Locator): Promise<string[]> {
    return rows.evaluateAll((trs) =>
      trs.map(
        (tr) =>
          `${tr.querySelector('[data-testid="stats-label"]')?.textContent} ${tr.querySelector('[data-testid="stats-count"]')?.textContent}`,
      ),
    );
  }

  row(spanId: string): Locator {
    return this.page.locator(`[data-testid="span-row"][data-span-id="${spanId}"]`);
  }

  /** The span ids of the rows drawn, top to bottom. */
  async rowSpanIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.spanId ?? ""));
  }

  /** What a row's kind icon says ("database: postgresql"), in the name screen readers read. */
  async rowIconLabels(): Promise<string[]> {
    return this.rows
      .getByTestId("span-kind-icon")
      .evaluateAll((icons) => icons.map((icon) => icon.getAttribute("aria-label") ?? ""));
  }

  /** A row's service, with its callee on a call: "frontend → postgres". */
  rowService(spanId: string): Locator {
    return this.row(spanId).getByTestId("span-service");
  }

  /** The "+N" a folded row shows. */
  hiddenCount(spanId: string): Locator {
    return this.row(spanId).getByTestId("hidden-count");
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
