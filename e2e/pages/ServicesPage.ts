import type { Locator, Page } from "@playwright/test";

export type ServicesColumn = "name" | "calls" | "errorRate" | "p95";

export class ServicesPage {
  /** The table's rows, one per service. */
  readonly rows: Locator;
  readonly sections: Locator;
  readonly summary: Locator;
  readonly headline: Locator;
  readonly empty: Locator;
  readonly error: Locator;
  readonly lookback: Locator;
  readonly step: Locator;
  readonly refresh: Locator;
  /** "updated 12:03:04" */
  readonly updated: Locator;
  /** "21–40 of 57 services" */
  readonly pageRange: Locator;
  readonly next: Locator;
  readonly previous: Locator;

  constructor(private readonly page: Page) {
    this.rows = page.getByTestId("service-row");
    this.sections = page.getByTestId("service-section");
    this.summary = page.getByTestId("services-summary");
    this.headline = page.getByTestId("services-headline");
    this.empty = page.getByTestId("services-empty");
    this.error = page.getByTestId("services-error");
    this.lookback = page.getByTestId("services-lookback");
    this.step = page.getByTestId("services-step");
    this.refresh = page.getByTestId("services-refresh");
    this.updated = page.getByTestId("services-updated");
    this.pageRange = page.getByTestId("services-page");
    const pager = page.getByTestId("services-pager");
    this.next = pager.getByRole("link", { name: "Next" });
    this.previous = pager.getByRole("link", { name: "Previous" });
  }

  /** The services in the table, in order. */
  async serviceNames(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-service") ?? ""));
  }

  /** Each row's error rate as shown ("20%"), in order. */
  async errorRates(): Promise<string[]> {
    return this.rows.getByTestId("service-error-rate").getByTestId("value").allTextContents();
  }

  /**
   * Opens the page and waits for the metrics' answer, shown (a table, or a service's own page),
   * empty or refused: by then it has hydrated.
   */
  async open(query = ""): Promise<void> {
    await this.page.goto(`/services${query ? `?${query}` : ""}`);
    await this.rows.first().or(this.sections.first()).or(this.empty).or(this.error).waitFor();
  }

  /**
   * Opens the page of the table, sorted as `query` says, that holds `service`'s row: the suite's
   * other services may push it past the first page.
   */
  async openHolding(query: string, service: string): Promise<void> {
    for (let offset = 0; ; offset += 100) {
      const response = await this.page.request.get(
        `/api/services/metrics?${query}&limit=100&offset=${offset}`,
      );
      const answer = (await response.json()) as { services: { service: string }[]; total: number };
      const index = answer.services.findIndex((s) => s.service === service);
      if (index >= 0) {
        const number = Math.floor((offset + index) / 20) + 1;
        return this.open(`${query}${number > 1 ? `&page=${number}` : ""}`);
      }
      if (offset + 100 >= answer.total) throw new Error(`${service} is not among the services of ${query}`);
    }
  }

  sortBy(column: ServicesColumn): Locator {
    return this.page.getByTestId(`sort-${column}`);
  }

  row(service: string): Locator {
    return this.page.locator(`[data-testid="service-row"][data-service="${service}"]`);
  }

  /** A cell of a service's row: its value, sparkline and change. */
  cell(service: string, column: "rate" | "error-rate" | "p95"): Locator {
    return this.row(service).getByTestId(`service-${column}`);
  }

  /** Opens (or closes) a row's operations under it. */
  async expand(service: string): Promise<void> {
    await this.row(service).getByTestId("service-expand").click();
  }

  section(service: string): Locator {
    return this.page.locator(`[data-testid="service-section"][data-service="${service}"]`);
  }

  totals(service: string): Locator {
    return this.section(service).getByTestId("service-totals");
  }

  operation(service: string, name: string): Locator {
    return this.section(service).locator(`[data-testid="operation-row"][data-operation="${name}"]`);
  }

  operationLink(service: string, name: string): Locator {
    return this.operation(service, name).getByTestId("operation-link");
  }

  /** The link from a service's busiest operations to its own page, with all of them. */
  allOperations(service: string): Locator {
    return this.section(service).getByTestId("service-all-operations");
  }

  calls(service: string, name: string): Locator {
    return this.operation(service, name).getByTestId("operation-calls");
  }

  chart(service: string, name: string, chart: "rate" | "error" | "latency"): Locator {
    return this.operation(service, name).getByTestId(`${chart}-chart`);
  }
}
